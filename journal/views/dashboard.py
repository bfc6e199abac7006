"""The journal's home: pain over time, the calendar, streaks, a summary and insights."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from config.auth import login_required
from config.typing import HtmxHttpRequest
from journal import charts, insights, selectors, services
from journal.forms import QuickPainForm
from journal.models import EARLIEST, JournalProfile


def _month(request: HtmxHttpRequest, today: date) -> tuple[int, int]:
    """The month the calendar shows: ?month=YYYY-MM, this month when missing or odd."""
    raw = request.GET.get("month", "")
    try:
        year, month = (int(part) for part in raw.split("-"))
    except ValueError:
        return today.year, today.month
    if not (EARLIEST.year <= year <= today.year + 1 and 1 <= month <= 12):
        return today.year, today.month
    return year, month


@login_required
@require_GET
@vary_on_headers("HX-Request")
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    profile = services.profile_for(request.user)
    period = request.GET.get("period", "4w")
    if period not in insights.PERIODS:
        period = "4w"
    first = date(*_month(request, today), 1)  # of the month the calendar shows
    context = {
        "today": today,
        "profile": profile,
        "period": period,
        "periods": insights.PERIODS,
        "month": first,
        "previous_month": _shift(first, -1),
        "next_month": _shift(first, 1),
        "quick_form": QuickPainForm(),
        # The drawn parts are cached under the journal's version and the day, so a change to
        # the journal, or midnight, draws them anew; the figures are worked out only then.
        "journal_key": f"{selectors.journal_key(profile)}:{today.isoformat()}",
        "figures": SimpleLazyObject(
            lambda: _figures(request.user, profile, today=today, period=period, month=first)
        ),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "journal/_dashboard_chart.html", context)
    return render(request, "journal/dashboard.html", context)


def _figures(
    user: AbstractBaseUser, profile: JournalProfile, *, today: date, period: str, month: date
) -> dict:
    """What the dashboard shows, from the journal's aggregates."""
    figures = selectors.journal_figures(user, profile)
    days, session_counts = figures.days, figures.session_counts
    start = insights.period_start(period, today=today, first_day=days[0].day if days else None)
    shown = [day for day in days if start <= day.day <= today]
    rolling = insights.rolling_average(days)
    session_days = set(session_counts)
    weekly_table = charts.is_weekly(start, today)
    routine_insights, thin_routines = insights.change_insights(figures.routine_changes)
    stretch_insights, thin_stretches = insights.change_insights(figures.stretch_changes)
    return {
        "chart": charts.pain_chart(
            shown, start=start, end=today, rolling=rolling, session_days=session_days
        ),
        "table": charts.pain_table_rows(shown, rolling, session_counts, weekly=weekly_table),
        "weekly_table": weekly_table,
        "summary": insights.month_summary(days, session_days, today=today),
        "streaks": insights.streaks(session_days, today=today),
        "this_week": insights.sessions_this_week(session_counts, today=today),
        "calendar": insights.calendar_month(
            month.year, month.month, {d.day: d for d in days}, session_counts, today=today
        ),
        "comparison": insights.compare_session_days(days, session_days),
        "routine_insights": routine_insights,
        "thin_routines": thin_routines,
        "stretch_insights": stretch_insights,
        "thin_stretches": thin_stretches,
    }


def _shift(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
