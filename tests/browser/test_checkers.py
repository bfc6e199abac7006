"""The checkers the browser tests rely on can fail: a broken page is reported."""


def test_the_html_validator_reports_a_broken_document_and_passes_htmx_attributes(html_validator):
    head = '<!DOCTYPE html><html lang="en"><title>Check</title>'

    errors = html_validator.errors(
        {
            "broken": head + "<p><div>unclosed</p></html>",
            "htmx": head + '<p hx-get="/x" hx-target="#y">fine</p></html>',
        }
    )

    assert list(errors) == ["broken"]
    assert any("Unclosed element" in error for error in errors["broken"])
