from django.urls import path

from journal.views import dashboard, data, pain, player, sessions, trying

# Whole numbers as <id:…>, never <int:…> (config/shared/converters.py).
app_name = "journal"

urlpatterns = [
    path("play/today/", player.play_today, name="play-today"),
    path("play/<id:routine_pk>/", player.player_start, name="player-start"),
    path("play/try/<slug:slug>/", trying.stretch_try, name="stretch-try"),
    path("play/<id:routine_pk>/<uuid:key>/<id:index>/", player.player_step, name="player-step"),
    path(
        "play/<id:routine_pk>/<uuid:key>/<id:index>/record/",
        player.player_record,
        name="player-record",
    ),
    path("play/<id:routine_pk>/<uuid:key>/after/", player.player_after, name="player-after"),
    path("play/<id:routine_pk>/<uuid:key>/plan.json", player.player_plan, name="player-plan"),
    path("play/<id:routine_pk>/<uuid:key>/summary/", player.player_summary, name="player-summary"),
    path("journal/", dashboard.dashboard, name="dashboard"),
    path("journal/pain/", pain.pain_list, name="pain-list"),
    path("journal/pain/quick/", pain.pain_quick, name="pain-quick"),
    path("journal/pain/new/", pain.pain_create, name="pain-create"),
    path("journal/pain/<id:pk>/", pain.pain_edit, name="pain-edit"),
    path("journal/pain/<id:pk>/delete/", pain.pain_delete, name="pain-delete"),
    path("journal/sessions/", sessions.session_list, name="session-list"),
    path("journal/sessions/new/", sessions.session_create, name="session-create"),
    path("journal/sessions/<id:pk>/", sessions.session_detail, name="session-detail"),
    path("journal/sessions/<id:pk>/note/", sessions.session_note, name="session-note"),
    path("journal/sessions/<id:pk>/delete/", sessions.session_delete, name="session-delete"),
    path("journal/settings/", data.journal_settings, name="settings"),
    path("journal/settings/new-feed-address/", data.feed_reset, name="feed-reset"),
    path("journal/reminders/<str:token>.ics", data.reminders_feed, name="reminders-feed"),
    path("journal/export/", data.export_page, name="export"),
    path("journal/export/backstretch.json", data.export_json, name="export-json"),
    path("journal/export/<slug:table>.csv", data.export_csv, name="export-csv"),
    path("journal/import/", data.import_page, name="import"),
    path("journal/report/", data.report, name="report"),
]
