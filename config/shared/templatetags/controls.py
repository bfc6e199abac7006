"""`{% control field %}` and `{% choice_input choice %}`: form controls drawn in Python.

The same HTML as Django's widget templates (`django/forms/widgets/input.html` and
`select.html`), for the few widgets the composer repeats on every item: rendering them
through templates was a third of the composer's time. Other widgets are left to Django.
"""

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _attrs(attrs: dict) -> str:
    """As attrs.html writes them: False leaves one out, True writes the name alone."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {name}" if value is True else f' {name}="{conditional_escape(value)}"')
    return "".join(parts)


def _options(widget: dict) -> str:
    lines = []
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            lines.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in group_choices:
            lines.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',  # the template's own newline
                    str(option["value"]),
                    mark_safe(_attrs(option["attrs"])),
                    option["label"],
                )
            )
        if group_name:
            lines.append("\n  </optgroup>")
    return "".join(lines)


@register.simple_tag
def control(field: BoundField) -> SafeString:
    widget = field.field.widget
    if type(widget) not in (forms.NumberInput, forms.TextInput, forms.Select):
        return field.as_widget()
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    if isinstance(widget, forms.Select):
        return mark_safe(
            format_html('<select name="{}"', context["name"])
            + _attrs(context["attrs"])
            + ">"
            + _options(context)
            + "\n</select>"
        )
    value = "" if context["value"] is None else format_html(' value="{}"', str(context["value"]))
    return mark_safe(
        format_html('<input type="{}" name="{}"', context["type"], context["name"])
        + value
        + _attrs(context["attrs"])
        + ">"
    )


@register.simple_tag
def choice_input(choice) -> SafeString:
    """One radio button or checkbox of a field's choices (`{% for choice in field %}`), as
    `{{ choice.tag }}` draws it: the pain scale repeats eleven on every page it is on."""
    data = choice.data
    return mark_safe(
        format_html(
            '<input type="{}" name="{}" value="{}"', data["type"], data["name"], str(data["value"])
        )
        + _attrs(data["attrs"])
        + ">"
    )
