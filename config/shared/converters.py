"""Path converters for the site's URLs.

Write every whole number in a URL pattern as `<id:name>`, never `<int:name>`: Django's own
`int` takes any number of digits, and a number past what the database can hold (2^63 - 1
for a big integer column) fails inside the query with a 500. `id` answers such a number with
a plain 404, before the view runs. tests/test_url_permissions.py checks that no pattern
uses `int` and tries a huge number in every `id`.
"""

from django.urls import register_converter

# The largest value of a 64-bit signed integer: the largest primary key (BigAutoField) and
# more than any other whole number in an address needs.
ID_MAX = 2**63 - 1


class IdConverter:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > ID_MAX:
            raise ValueError(f"{value} is past the largest id")  # no match: a 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)


def register() -> None:
    register_converter(IdConverter, "id")
