"""Your data is yours: settings and reminders, export, import, a report for a clinician."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.shared import throttle
from config.shared.auth import client_ip, login_required
from config.shared.typing import HtmxHttpRequest
from journal import charts, import_gate, selectors, services
from journal.exchange import export
from journal.exchange.format import ImportProblem
from journal.exchange.reader import import_check
from journal.exchange.writer import import_data
from journal.feeds import reminders_calendar, webcal_url
from journal.forms import ImportForm, ProfileForm, ReportForm
from journal.models import JournalProfile, KeptImport
from journal.report import report_period

CSV_TABLES = ("pain-entries", "sessions", "session-steps")


@login_required
@require_http_methods(["GET", "POST"])
def journal_settings(request: HtmxHttpRequest) -> HttpResponse:
    profile = services.profile_for(request.user)
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.profile_update(profile=profile, form=form)
        messages.success(request, "Your journal settings are saved.")
        return redirect("journal:settings")
    feed_url = request.build_absolute_uri(
        reverse("journal:reminders-feed", args=[profile.feed_token])
    )
    context = {
        "form": form,
        "profile": profile,
        "feed_url": feed_url,
        "webcal_url": webcal_url(feed_url),
        "routine_for_the_day": selectors.routine_for_the_day(request.user),
    }
    return render(request, "journal/settings.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def feed_reset(request: HtmxHttpRequest) -> HttpResponse:
    services.profile_feed_reset(profile=services.profile_for(request.user))
    messages.success(request, "Your reminders have a new address. Subscribe to it again.")
    return redirect("journal:settings")


@require_GET
def reminders_feed(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The private calendar: found by its secret token alone; a wrong token is a 404."""
    try:
        profile = JournalProfile.objects.select_related("user").get(feed_token=token)
    except JournalProfile.DoesNotExist:
        raise Http404 from None
    changed = profile.reminders_changed_at or timezone.now()
    routine = selectors.routine_for_the_day(profile.user)
    # Each reminder opens the person's own routine for the day, or their routines to choose.
    goes_to = routine.get_absolute_url() if routine else reverse("routines:routine-list")
    body = reminders_calendar(
        uid=f"reminders-{profile.pk}@backstretch",
        days=profile.reminder_days,
        at=profile.reminder_time,
        since=timezone.localdate(changed),
        stamp=changed,
        url=request.build_absolute_uri(goes_to),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="backstretch.ics"'
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
def export_page(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "journal/export.html", {"tables": CSV_TABLES})


@login_required
@require_GET
def export_csv(request: HtmxHttpRequest, table: str) -> HttpResponse:
    if table not in CSV_TABLES:
        raise Http404
    # With a byte order mark, spreadsheets read the file as UTF-8 (accents, dashes, ✓).
    response = HttpResponse(
        "\ufeff" + export.export_csv(user=request.user, table=table),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="backstretch-{table}-{stamp}.csv"'
    return response


@login_required
@require_GET
def export_json(request: HtmxHttpRequest) -> HttpResponse:
    data = export.export_data(user=request.user)
    response = HttpResponse(export.export_json_bytes(data), content_type="application/json")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="backstretch-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HtmxHttpRequest) -> HttpResponse:
    """Check a file, then add it to the journal or replace the journal with it. A good file
    sent with the form wrong otherwise is kept for a while (KeptImport), so that the person
    need not choose it again."""
    if request.method == "POST" and _declared_size(request) > ImportForm.MAX_BYTES + 64 * 1024:
        # Refused before Django reads the upload to disk (a proxy should cap it too).
        context = {"form": ImportForm(), "problems": [ImportForm.TOO_LARGE]}
        return render(request, "journal/import.html", context, status=413)
    kept = selectors.kept_import_of(request.user)
    if request.method == "GET":
        return render(request, "journal/import.html", {"form": ImportForm(kept=kept), "kept": kept})
    with import_gate.one_at_a_time() as ours:
        if not ours:  # another import is being read: answered at once, not counted
            response = render(request, "journal/import_busy.html", status=429)
            response["Retry-After"] = str(import_gate.RETRY_SECONDS)
            return response
        if _imports_over_limit(request):
            response = render(request, "journal/import_throttled.html", status=429)
            response["Retry-After"] = str(throttle.IMPORT_PER_PERSON.seconds)
            return response
        return _import_post(request, kept)


def _import_post(request: HtmxHttpRequest, kept: KeptImport | None) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES, kept=kept)
    valid = form.is_valid()
    upload = form.cleaned_data.get("file")
    if upload:
        services.kept_import_discard(user=request.user)  # a new file takes the old one's place
        kept, data = None, upload  # read from its file as it is parsed, never copied whole
    else:
        data = kept.content if kept is not None else None
    problems: list[str] = []
    in_entries = False
    try:
        if valid and data is not None:
            report = import_data(user=request.user, data=data, mode=form.cleaned_data["mode"])
            services.kept_import_discard(user=request.user)
            messages.success(request, str(report))
            return redirect("journal:dashboard")
        if upload:  # checked now, so that it is kept only if it can be imported
            import_check(data=upload)
            upload.seek(0)
            kept = services.kept_import_keep(
                user=request.user, name=upload.name, content=upload.read().decode("utf-8")
            )
    except ImportProblem as problem:
        problems, in_entries = problem.problems, problem.in_entries
        services.kept_import_discard(user=request.user)
        kept = None
    form.use_kept(kept)
    context = {"form": form, "problems": problems, "in_entries": in_entries, "kept": kept}
    return render(request, "journal/import.html", context, status=422)


def _imports_over_limit(request: HtmxHttpRequest) -> bool:
    """Count this import against the person's and the address's limits (both, always)."""
    over = [
        throttle.throttle_count(limit=throttle.IMPORT_PER_PERSON, value=str(request.user.pk)),
        throttle.throttle_count(limit=throttle.IMPORT_PER_ADDRESS, value=client_ip(request)),
    ]
    return any(over)


def _declared_size(request: HtmxHttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@login_required
@require_GET
def report(request: HtmxHttpRequest) -> HttpResponse:
    """A printable summary for a clinician over a chosen period (the last 3 months at first)."""
    today = timezone.localdate()
    start, end = report_period(today=today)
    form = ReportForm(request.GET or None, initial={"start": start, "end": end})
    if form.is_valid():
        start, end = report_period(today=today, **form.cleaned_data)
    figures = selectors.report_of(request.user, start=start, end=end)
    chart = charts.pain_chart(
        figures.pain_days,
        start=start,
        end=end,
        rolling=figures.rolling,
        session_days=set(figures.session_counts),
    )
    table = charts.pain_table_rows(
        figures.pain_days, figures.rolling, figures.session_counts, weekly=figures.weekly_table
    )
    # The template reads each figure by its name.
    context = {"form": form, "start": start, "end": end, "chart": chart, "table": table}
    context |= vars(figures)
    return render(request, "journal/report.html", context, status=422 if form.errors else 200)
