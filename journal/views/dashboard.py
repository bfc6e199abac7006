"""The journal's home: pain over time, the calendar, streaks, a summary and insights."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from config.shared.auth import login_required
from config.shared.typing import HtmxHttpRequest
from journal import charts, insights, selectors, services
from journal.forms import QuickPainForm
from journal.models import EARLIEST, JournalProfile


def _month(request: HtmxHttpRequest, today: date) -> date | None:
    """The month the calendar shows, as its first day: ?month=YYYY-MM; None when missing or
    odd, for the month with data (insights.month_to_show)."""
    raw = request.GET.get("month", "")
    try:
        year, month = (int(part) for part in raw.split("-"))
    except ValueError:
        return None
    if not (EARLIEST.year <= year <= today.year + 1 and 1 <= month <= 12):
        return None
    return date(year, month, 1)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    profile = services.profile_for(request.user)
    period = request.GET.get("period", "4w")
    if period not in insights.PERIODS:
        period = "4w"
    month = _month(request, today)  # None: this month, or the last with data (figures.month)
    context = {
        "today": today,
        "profile": profile,
        "period": period,
        "periods": insights.PERIODS,
        "month": month,
        "quick_form": QuickPainForm(),
        # The drawn parts are cached under the journal's version and the day, so a change to
        # the journal, or midnight, draws them anew; the figures are worked out only then.
        # (The chart alone, as htmx asks for it when the period changes, is drawn each time.)
        "journal": selectors.journal_version(profile),
        "figures": SimpleLazyObject(
            lambda: _figures(request.user, profile, today=today, period=period, month=month)
        ),
        # What seems to help, per routine and per stretch, is drawn from the sessions alone:
        # cached under their own version, which logging pain leaves as it is.
        "sessions": selectors.sessions_version(profile),
        "effects": SimpleLazyObject(lambda: _effects(request.user, profile)),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "journal/_dashboard_chart.html", context)
    return render(request, "journal/dashboard.html", context)


def _figures(
    user: AbstractBaseUser,
    profile: JournalProfile,
    *,
    today: date,
    period: str,
    month: date | None,
) -> dict:
    """What the dashboard shows, from the journal's aggregates."""
    figures = selectors.journal_figures(user, profile)
    days, session_counts = figures.days, figures.session_counts
    start = insights.period_start(period, today=today, first_day=days[0].day if days else None)
    shown = [day for day in days if start <= day.day <= today]
    rolling = insights.rolling_average(days)
    session_days = set(session_counts)
    weekly_table = charts.is_weekly(start, today)
    # With no month asked for: this month, or the last with data while this one is empty.
    shown_month = month or insights.month_to_show(days, session_days, today=today)
    return {
        "chart": charts.pain_chart(
            shown, start=start, end=today, rolling=rolling, session_days=session_days
        ),
        "table": charts.pain_table_rows(shown, rolling, session_counts, weekly=weekly_table),
        "weekly_table": weekly_table,
        "trend": insights.pain_trend(
            days, start=start, end=today, span=insights.period_span(period, start=start)
        ),
        "summary": insights.month_summary(days, session_days, today=today),
        "streaks": insights.streaks(session_days, today=today),
        "this_week": insights.sessions_this_week(session_counts, today=today),
        "month": shown_month,
        "month_instead": month is None and shown_month != today.replace(day=1),
        "previous_month": _shift(shown_month, -1),
        "next_month": _shift(shown_month, 1),
        "calendar": insights.calendar_month(
            shown_month.year,
            shown_month.month,
            {d.day: d for d in days},
            session_counts,
            today=today,
        ),
        "comparison": insights.compare_session_days(days, session_days),
    }


def _effects(user: AbstractBaseUser, profile: JournalProfile) -> dict:
    """What seems to help, per routine and per stretch, from the sessions' aggregates."""
    figures = selectors.session_figures(user, profile)
    routine_insights, thin_routines = insights.change_insights(figures.routine_changes)
    stretch_effects = insights.stretch_effects(figures.session_stretches)
    return {
        "routine_insights": routine_insights,
        "thin_routines": thin_routines,
        # A stretch, or stretches always done together, with enough days with and without;
        # groups that cannot be compared yet (one line each); single stretches too thin.
        "stretch_effects": [e for e in stretch_effects if e.enough],
        "stretch_groups": [e for e in stretch_effects if not e.enough and e.together],
        "thin_stretches": [e for e in stretch_effects if not e.enough and not e.together],
    }


def _shift(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
