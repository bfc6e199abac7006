"""The account forms in plain words: signing up and signing in."""

import re
import unicodedata

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError

from config.shared.text import visible_text

NAME_LENGTH = 150  # the longest name an account can have (User.username)
# Letters of any alphabet, digits, spaces between words, and . ' - _ @ +
_NAME = re.compile(r"[\w.'’@+-]+( [\w.'’@+-]+)*")

# What Django's password checks say, said kindly (by the code of each check).
PASSWORD_WORDS = {
    "password_too_short": (
        "Please use at least 8 characters. A few words together make a password that is easy "
        "to remember and hard to guess."
    ),
    "password_too_common": (
        "That password is one of the most common ones, so it is easy to guess. "
        "Please choose another."
    ),
    "password_entirely_numeric": "Please use more than numbers: add a word or two.",
    "password_too_similar": (
        "That password is too like your name or your e-mail address. Please choose another."
    ),
}


def display_name(value: str) -> str:
    """A name as it is kept: the same letters whatever the keyboard (NFKC), no spaces at
    either end, and one space between words ("  Jane   Smith " is "Jane Smith")."""
    return " ".join(unicodedata.normalize("NFKC", value).split())


def validate_display_name(value: str) -> None:
    """Names like "Jane Smith", "Siân O'Neill", "kim.lee" or "sam_2"; not "<b>" or a tab."""
    if not _NAME.fullmatch(value):
        raise ValidationError(
            "A name can have letters, numbers and spaces, and these: . ' - _ @ +",
            code="invalid",
        )


class NameField(forms.CharField):
    def to_python(self, value):
        return display_name(super().to_python(value) or "")


class SignUpForm(UserCreationForm):
    """Django's sign-up with a name that may have spaces, the e-mail address asked for and
    explained, and every message in plain words."""

    username = NameField(
        label="Your name",
        max_length=NAME_LENGTH,
        help_text="You sign in with it. Spaces are fine, like “Jane Smith”.",
        validators=[validate_display_name],
        error_messages={"required": "Please choose a name to sign in with."},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "words"}),
    )
    email = forms.EmailField(
        label="Your e-mail address",
        help_text="So you can reset your password if you forget it. We send nothing else.",
        error_messages={
            "required": "Please give an e-mail address, so that a forgotten password can be reset.",
            "invalid": "That does not look like an e-mail address; please check it.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    error_messages = {
        "password_mismatch": "The two passwords are not the same. Please type the same one twice."
    }

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["email"]  # the name is the form's own field: its rules are ours

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autofocus"] = True
        self.fields["password1"].label = "Choose a password"
        self.fields[
            "password1"
        ].help_text = "At least 8 characters. A few words you will remember make a good one."
        self.fields["password1"].error_messages["required"] = "Please choose a password."
        self.fields["password2"].label = "The same password again"
        self.fields["password2"].help_text = "To make sure it is typed as you meant."
        self.fields["password2"].error_messages["required"] = "Please type the password again."
        self.order_fields(["username", "email", "password1", "password2"])

    def clean_username(self) -> str:
        name = self.cleaned_data["username"]
        if not visible_text(name):  # a Hangul filler alone is a "letter" that shows nothing
            raise ValidationError("Choose a name with letters or numbers that show.")
        if self._meta.model.objects.filter(username__iexact=name).exists():
            raise ValidationError(
                f"Someone already has the name “{name}”. Please choose another; adding a "
                "letter or a number is enough.",
                code="taken",
            )
        return name

    def _post_clean(self):
        # The name is not a field of the model form: it goes on the new account here, so
        # that the password checks compare the password with it.
        if "username" in self.cleaned_data:
            self.instance.username = self.cleaned_data["username"]
        super()._post_clean()

    def validate_password_for_user(self, user, password_field_name="password1"):
        # Said under the field where the password is chosen, not under the repeat of it.
        password = self.cleaned_data.get(password_field_name)
        if not password:
            return
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            self.add_error(
                password_field_name,
                [
                    ValidationError(PASSWORD_WORDS[e.code], code=e.code)
                    if e.code in PASSWORD_WORDS
                    else e
                    for e in error.error_list
                ],
            )


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That name and password do not match an account. Please check them: "
        "capital letters count.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Your name"
        self.fields["username"].error_messages["required"] = "Please type your name."
        self.fields["password"].label = "Your password"
        self.fields["password"].error_messages["required"] = "Please type your password."

    def clean_username(self) -> str:
        # As the name was kept at sign-up: "Jane  Smith" signs in as "Jane Smith".
        return display_name(self.cleaned_data["username"])
