"""Site-wide pages: home, safety, sign-up, the account page and the colour theme."""

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm
from django.contrib.auth.views import LoginView, PasswordChangeView, PasswordResetView
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import trigger_client_event

from config.pages.forms import SignInForm, SignUpForm
from config.shared import throttle
from config.shared.auth import (
    client_ip,
    login_required,
    password_is_right,
    sign_in_name,
    sign_in_tries_left,
)
from config.shared.theme import CHOICES, COOKIE, COOKIE_MAX_AGE, SYSTEM, Theme
from config.shared.typing import HtmxHttpRequest, safe_next
from journal import carry
from journal import selectors as journal_selectors
from journal import services as journal_services
from journal.forms import QuickPainForm
from routines.selectors import routines_starter
from stretches.forms import PreferencesForm
from stretches.selectors import avoided_movements, stretch_cards

HOME_STRETCH_COUNT = 3
# The starter routine the welcome offers first: five minutes, in bed.
WELCOME_STARTER = "wake-up-in-bed"


@require_GET
def home(request: HtmxHttpRequest) -> HttpResponse:
    """Today first: signed in, today's routine with one Play, the week against the goal and
    the play-through to continue; signed out, a morning starter to play in one tap."""
    featured = stretch_cards().filter(in_bed=True)[:HOME_STRETCH_COUNT]
    context = {"featured": featured, "avoided": avoided_movements(request.user)}
    if request.user.is_authenticated:
        now = timezone.now()
        profile = journal_services.profile_for(request.user)
        context["quick_form"] = QuickPainForm()
        found = journal_selectors.home_today(request.user, profile, now=now)
        today, offer = found.today, found.offer
        # Continuing today's routine already offers "Start afresh": one card, not two.
        same = offer is not None and today.routine is not None and offer.routine == today.routine
        context |= {"today": today, "offer": offer, "today_card": today.routine and not same}
    else:
        context["starter"] = journal_selectors.morning_starter()
    return render(request, "home.html", context)


@require_GET
def safety(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "safety.html")


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
        # A starter just played signed out, summary reached: it goes into the new journal.
        if journal_services.session_adopt(
            user=user, carried=carry.take(request.session, now=timezone.now())
        ):
            messages.success(request, "The session you just played is in your journal.")
        return redirect("welcome")
    status = 422 if form.errors else 200
    return render(request, "registration/sign_up.html", {"form": form}, status=status)


@require_GET
@login_required
def welcome(request: HtmxHttpRequest) -> HttpResponse:
    """Where sign-up lands: a first routine to play in one tap, and what else there is."""
    starters = list(routines_starter())
    first = next((r for r in starters if r.starter_key == WELCOME_STARTER), None)
    first = first or (starters[0] if starters else None)
    context = {"first": first, "others": [r for r in starters if r is not first]}
    return render(request, "registration/welcome.html", context)


class _SignInView(LoginView):
    """Django's sign-in, in plain words, saying how many tries are left before signing in
    pauses (django-axes) once only a few are (config.shared.auth.sign_in_tries_left)."""

    form_class = SignInForm

    def form_invalid(self, form):
        credentials = {settings.AXES_USERNAME_FORM_FIELD: form.data.get("username", "")}
        failures = AxesProxyHandler.get_failures(self.request, credentials)
        context = self.get_context_data(
            form=form,
            tries_left=sign_in_tries_left(failures, limit=settings.AXES_FAILURE_LIMIT),
            tried_name=sign_in_name(self.request, credentials),
            pause_minutes=int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        )
        return self.render_to_response(context)


sign_in = _SignInView.as_view()


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


# --- Throttling: password resets and sign-ups (config/shared/throttle.py), password checks -------


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
