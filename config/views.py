"""Site-wide pages: home, safety, sign-up, the account page and the colour theme."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.forms import UserCreationForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import trigger_client_event

from config.auth import login_required
from config.theme import CHOICES, COOKIE, COOKIE_MAX_AGE, SYSTEM, Theme
from config.typing import HtmxHttpRequest, safe_next
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


@require_http_methods(["GET", "POST"])
def sign_up(request: HtmxHttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
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


class ThemeForm(forms.Form):
    theme = forms.ChoiceField(label="Colours", choices=CHOICES)


@require_http_methods(["GET", "POST"])
def theme_set(request: HtmxHttpRequest) -> HttpResponse:
    """The colour theme of this device, kept in a cookie. A plain post goes back to the page
    it came from; an htmx post gets 204 and the theme to apply at once (static/js/app.js)."""
    back = safe_next(request, default="")
    if request.method == "GET":
        return render(request, "theme.html", {"theme_next": back})
    form = ThemeForm(request.POST)
    if not form.is_valid():
        return render(request, "theme.html", {"form": form, "theme_next": back}, status=400)
    chosen = Theme(form.cleaned_data["theme"])
    if request.htmx:
        response = trigger_client_event(
            HttpResponse(status=204), "theme-changed", chosen.as_event()
        )
    else:
        response = redirect(back or reverse("home"))
    _theme_cookie_set(response, chosen)
    return response


def _theme_cookie_set(response: HttpResponse, chosen: Theme) -> None:
    if chosen.choice == SYSTEM:
        response.delete_cookie(COOKIE, samesite="Lax")
        return
    response.set_cookie(
        COOKIE,
        chosen.choice,
        max_age=COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


@require_GET
def favicon(request: HtmxHttpRequest) -> HttpResponse:
    return redirect(static("favicon.svg"), permanent=True)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Nothing was deleted.")
        return password


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HtmxHttpRequest) -> HttpResponse:
    """Delete the account and everything in it, once the password confirms it."""
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user.delete()  # routines, journal, preferences: all go with it
        messages.success(request, "Your account and all your data are deleted. Take care.")
        return redirect("home")
    status = 422 if form.errors else 200
    return render(request, "registration/account_delete.html", {"form": form}, status=status)
