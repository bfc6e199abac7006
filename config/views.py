"""Site-wide pages: home, safety, sign-up and the account page."""

from django import forms
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, UserCreationForm
from django.contrib.auth.views import PasswordChangeView, PasswordResetView
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET, require_http_methods

from config import throttle
from config.auth import client_ip, login_required, password_is_right
from config.text import visible_text
from config.typing import HtmxHttpRequest
from journal.forms import QuickPainForm
from stretches.forms import PreferencesForm
from stretches.selectors import avoided_movements, stretch_cards

HOME_STRETCH_COUNT = 3


@require_GET
def home(request: HtmxHttpRequest) -> HttpResponse:
    featured = stretch_cards().filter(in_bed=True)[:HOME_STRETCH_COUNT]
    context = {"featured": featured, "avoided": avoided_movements(request.user)}
    if request.user.is_authenticated:
        context["quick_form"] = QuickPainForm()
    return render(request, "home.html", context)


@require_GET
def safety(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "safety.html")


class SignUpForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = ["username", "email"]
        help_texts = {"email": "Optional: only used if you forget your password."}

    def clean_username(self) -> str:
        username = super().clean_username()
        if not visible_text(username):  # a Hangul filler alone is a "letter" that shows nothing
            raise forms.ValidationError("Choose a name with letters or numbers that show.")
        return username


@require_http_methods(["GET", "POST"])
def sign_up(request: HtmxHttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST" and _over_limit(
        (throttle.SIGN_UP_PER_ADDRESS, client_ip(request)),
        (throttle.SIGN_UP_PER_EMAIL, request.POST.get("email")),
    ):
        return _throttled(request, throttle.SIGN_UP_PER_ADDRESS)
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("account")
    status = 422 if form.errors else 200
    return render(request, "registration/sign_up.html", {"form": form}, status=status)


@require_GET
@login_required
def account(request: HtmxHttpRequest) -> HttpResponse:
    form = PreferencesForm.for_person(avoided_movements(request.user))
    return render(request, "registration/account.html", {"form": form})


@require_GET
def favicon(request: HtmxHttpRequest) -> HttpResponse:
    return redirect(static("favicon.svg"), permanent=True)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not password_is_right(self.request, self.user, password):
            raise forms.ValidationError("That is not your password. Nothing was deleted.")
        return password


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HtmxHttpRequest) -> HttpResponse:
    """Delete the account and everything in it, once the password confirms it."""
    form = DeleteAccountForm(
        request.POST if request.method == "POST" else None, user=request.user, request=request
    )
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user.delete()  # routines, journal, preferences: all go with it
        messages.success(request, "Your account and all your data are deleted. Take care.")
        return redirect("home")
    status = 422 if form.errors else 200
    return render(request, "registration/account_delete.html", {"form": form}, status=status)


# --- Throttling: password resets and sign-ups (config/throttle.py), password checks -------


def _over_limit(*counts: tuple[throttle.Limit, str | None]) -> bool:
    """Count the request against each limit (all of them, so that none is skipped) and say
    whether any is over."""
    over = [throttle.throttle_count(limit=limit, value=value) for limit, value in counts]
    return any(over)


def _throttled(request: HtmxHttpRequest, limit: throttle.Limit) -> HttpResponse:
    """The same kind page whatever was counted, and whether or not an account exists."""
    wait = "an hour" if limit.seconds == 3600 else f"{limit.minutes} minutes"
    response = render(request, "registration/throttled.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(limit.seconds)
    return response


_password_reset = PasswordResetView.as_view()


@require_http_methods(["GET", "HEAD", "POST"])
def password_reset(request: HtmxHttpRequest) -> HttpResponse:
    """Django's password reset, with a limit on the e-mails: per address asking, and per
    e-mail address asked for, whether or not it has an account."""
    if request.method == "POST":
        form = PasswordResetForm(request.POST)
        if form.is_valid() and _over_limit(
            (throttle.RESET_PER_ADDRESS, client_ip(request)),
            (throttle.RESET_PER_EMAIL, form.cleaned_data["email"]),
        ):
            return _throttled(request, throttle.RESET_PER_EMAIL)
    return _password_reset(request)


class CountedPasswordChangeForm(PasswordChangeForm):
    """The old password is checked as a sign-in is, and a wrong one counted with them."""

    def __init__(self, user, *args, request, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        if not password_is_right(self.request, self.user, old_password):
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class CountedPasswordChangeView(PasswordChangeView):
    form_class = CountedPasswordChangeForm

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "request": self.request}


password_change = CountedPasswordChangeView.as_view()
