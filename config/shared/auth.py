"""Sign-in checks that also suit htmx requests and form posts."""

import ipaddress
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django_htmx.http import HttpResponseClientRedirect

from config.shared.typing import HtmxHttpRequest


def _page_to_return_to(request: HtmxHttpRequest) -> str:
    """Where to come back after signing in: a page, never a POST-only address."""
    if request.method == "GET" and not request.htmx:
        return request.get_full_path()
    current = (request.htmx and request.htmx.current_url) or request.headers.get("Referer", "")
    parts = urlsplit(current)
    if current and parts.netloc == request.get_host():
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/"


def login_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like Django's, but an htmx request is sent to sign in as a whole page, and a form
    post comes back to the page it was sent from."""

    @wraps(view)
    def wrapper(request: HtmxHttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        response = redirect_to_login(_page_to_return_to(request))
        if request.htmx:
            return HttpResponseClientRedirect(response["Location"])
        return response

    return wrapper


def sign_in_name(request: HtmxHttpRequest, credentials: dict | None = None) -> str | None:
    """The name a sign-in was tried with, for sign-in throttling, cut to the longest name an
    account can have: the throttle stores it in a 255-character column, and a longer one
    would be a database error, not a failed sign-in."""
    source = credentials or getattr(request, "data", request.POST)
    name = source.get(settings.AXES_USERNAME_FORM_FIELD)
    if name is None:
        return None
    return str(name)[: get_user_model().username.field.max_length]


def client_ip(request: HtmxHttpRequest) -> str | None:
    """The address a request came from, for throttling. Behind DJANGO_PROXY_COUNT proxies,
    each adding the address it saw to X-Forwarded-For, the one that many places from the
    end: the outermost proxy added it, and the ones before it are the client's word and could
    be anything. A header too short to have come through them all, or not an address, is
    not trusted: the address of whoever connected is used instead."""
    count = settings.PROXY_COUNT
    if count:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        if len(forwarded) >= count:
            try:
                return str(ipaddress.ip_address(forwarded[-count]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR")


# Sign-in says how many tries are left once this many or fewer are (from the third wrong
# password of five).
WARN_WITHIN_TRIES = 2


def sign_in_tries_left(failures: int, *, limit: int) -> int | None:
    """How many more wrong passwords signing in takes before it pauses, once there have been
    wrong ones and only WARN_WITHIN_TRIES or fewer are left; None before that."""
    left = limit - failures
    if failures < 1 or left < 1 or left > WARN_WITHIN_TRIES:
        return None
    return left


def password_is_right(request: HtmxHttpRequest, user, password: str) -> bool:
    """Whether this is the signed-in person's password, checked as signing in checks it: a
    wrong one is counted with wrong sign-ins for that name from that address (django-axes),
    and once those reach the limit, even the right one is refused and the page says that
    signing in is paused. So a session left open cannot be used to guess the password."""
    checked = authenticate(request, username=user.get_username(), password=password)
    return checked is not None and checked.pk == user.pk
