"""The colour theme of this device: the system's (the default), light or dark.

The choice is kept in a cookie, per device rather than per account, so that it also serves
people who are not signed in and a phone can be dark while a desktop is light. The server
reads it on every page (config.shared.context_processors.theme), so the first paint is right: no
script, no flash. The colours themselves live in static/css/app.css, as CSS variables with
a light and a dark value each (`light-dark()`); `<html data-theme>` only fixes the
`color-scheme` that picks between them.
"""

from dataclasses import dataclass

COOKIE = "theme"
COOKIE_MAX_AGE = 400 * 24 * 60 * 60  # the longest a browser keeps a cookie (Chromium caps it)

SYSTEM, LIGHT, DARK = "system", "light", "dark"
CHOICES = ((SYSTEM, "System"), (LIGHT, "Light"), (DARK, "Dark"))

# <meta name="theme-color">: the colour of the browser's bar around the page. Light keeps the
# brand's teal; dark is the header's own dark (--card in app.css), so that the bar does not
# glow above a dim page. tests/config/test_theme.py checks that app.css still says so.
THEME_COLOURS = {LIGHT: "#0f5e5a", DARK: "#141c1f"}


@dataclass(frozen=True)
class ThemeColour:
    colour: str
    media: str = ""  # empty: whatever the system's scheme


@dataclass(frozen=True)
class Theme:
    choice: str

    @property
    def data_theme(self) -> str:
        """The value of <html data-theme>, or "" to follow the system."""
        return "" if self.choice == SYSTEM else self.choice

    @property
    def color_scheme(self) -> str:
        """The content of <meta name="color-scheme">: which schemes the page may take."""
        return "light dark" if self.choice == SYSTEM else self.choice

    @property
    def theme_colours(self) -> tuple[ThemeColour, ...]:
        """The <meta name="theme-color"> tags: one per scheme, each for its media query,
        when following the system; one when a theme is chosen."""
        if self.choice == SYSTEM:
            return tuple(
                ThemeColour(THEME_COLOURS[scheme], f"(prefers-color-scheme: {scheme})")
                for scheme in (LIGHT, DARK)
            )
        return (ThemeColour(THEME_COLOURS[self.choice]),)

    def as_event(self) -> dict:
        """What the page needs to apply this theme at once, without reloading (static/js/app.js)."""
        return {
            "theme": self.data_theme,
            "scheme": self.color_scheme,
            "colours": [{"colour": c.colour, "media": c.media} for c in self.theme_colours],
        }


def theme_from_cookie(value: str | None) -> Theme:
    """The theme a cookie asks for; anything unknown (an old or edited cookie) is the system's."""
    return Theme(value if value in (LIGHT, DARK) else SYSTEM)
