from config.shared.theme import CHOICES, COOKIE, theme_from_cookie


def theme(request) -> dict:
    """The colour theme this device chose (config.shared.theme), for <html data-theme> and the
    theme-color metas; and where the theme form returns to after a plain post (the page it
    is on, when that page was a GET)."""
    return {
        "theme": theme_from_cookie(request.COOKIES.get(COOKIE)),
        "theme_choices": CHOICES,
        "theme_next": request.get_full_path() if request.method == "GET" else "",
    }
