from django.urls import path, register_converter

from hverdag.web.views import (
    auth,
    clients,
    decisions,
    deviations,
    intake,
    keys,
    medication,
    my_day,
    notes,
    offline_app,
    planning,
    review,
    rota,
    visit_actions,
)

app_name = "web"
register_converter(planning.IsoDateConverter, "isodate")

urlpatterns = [
    path("", auth.home, name="home"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("clients/", clients.client_list, name="client_list"),
    path("clients/new/", clients.client_register, name="client_register"),
    path("clients/find/", clients.client_find, name="client_find"),
    path("clients/<uuid:public_id>/", clients.client_detail, name="client_detail"),
    path("clients/<uuid:public_id>/edit/", clients.client_edit, name="client_edit"),
    path("clients/<uuid:public_id>/code/", clients.reveal_code, name="reveal_code"),
    path("clients/<uuid:public_id>/home/save/", clients.home_notes_save, name="home_notes_save"),
    path(
        "clients/<uuid:public_id>/people/add/",
        clients.resource_person_add,
        name="resource_person_add",
    ),
    path(
        "clients/<uuid:public_id>/people/<uuid:person_id>/deactivate/",
        clients.resource_person_deactivate,
        name="resource_person_deactivate",
    ),
    path("clients/<uuid:public_id>/devices/add/", clients.device_add, name="device_add"),
    path("clients/<uuid:public_id>/break-glass/", clients.break_glass, name="break_glass"),
    path("clients/<uuid:public_id>/intake/new/", intake.intake_new, name="intake_new"),
    path("clients/<uuid:public_id>/decisions/new/", decisions.decision_new, name="decision_new"),
    path("decisions/<uuid:public_id>/", decisions.decision_edit, name="decision_edit"),
    path(
        "decisions/<uuid:public_id>/preview/", decisions.decision_preview, name="decision_preview"
    ),
    path(
        "decisions/<uuid:public_id>/<str:action>/",
        decisions.decision_action,
        name="decision_action",
    ),
    path("review/emergency-access/", review.break_glass_list, name="break_glass_list"),
    path(
        "review/emergency-access/<uuid:public_id>/",
        review.break_glass_review,
        name="break_glass_review",
    ),
    path("letters/<uuid:public_id>.pdf", decisions.letter_pdf, name="letter_pdf"),
    path("avvik/", deviations.deviation_list, name="deviation_list"),
    path("avvik/ny/", deviations.deviation_new, name="deviation_new"),
    path("avvik/<uuid:public_id>/", deviations.deviation_detail, name="deviation_detail"),
    path("min-dag/", my_day.my_day_page, name="my_day"),
    path("min-dag/sw.js", offline_app.service_worker, name="my_day_sw"),
    path("min-dag/manifest.webmanifest", offline_app.manifest, name="my_day_manifest"),
    path("min-dag/besok/<uuid:public_id>/", my_day.visit_page, name="my_day_visit"),
    path("min-dag/besok/<uuid:public_id>/kode/", my_day.visit_code, name="my_day_code"),
    path(
        "min-dag/besok/<uuid:public_id>/medisin/<uuid:order_id>/",
        medication.visit_dose,
        name="my_day_dose",
    ),
    path(
        "min-dag/besok/<uuid:public_id>/medisin/<uuid:order_id>/ved-behov/",
        medication.visit_prn,
        name="my_day_prn",
    ),
    path(
        "min-dag/besok/<uuid:public_id>/ved-behov/<uuid:dose_id>/effekt/",
        medication.visit_prn_follow_up,
        name="my_day_prn_follow_up",
    ),
    path(
        "min-dag/medisinvarsel/<uuid:alert_id>/",
        medication.alert_acknowledge,
        name="medication_alert_ack",
    ),
    path(
        "clients/<uuid:public_id>/medication/add/",
        medication.order_add,
        name="medication_add",
    ),
    path(
        "clients/<uuid:public_id>/medication/<uuid:order_id>/change/",
        medication.order_change,
        name="medication_change",
    ),
    path(
        "clients/<uuid:public_id>/medication/<uuid:order_id>/stop/",
        medication.order_stop,
        name="medication_stop",
    ),
    path("min-dag/besok/<uuid:public_id>/oppgave/", visit_actions.visit_task, name="my_day_task"),
    path(
        "min-dag/besok/<uuid:public_id>/ikke-hjemme/",
        visit_actions.visit_not_home,
        name="my_day_not_home",
    ),
    path(
        "min-dag/besok/<uuid:public_id>/lever-tilbake/",
        visit_actions.visit_hand_back,
        name="my_day_hand_back",
    ),
    path("min-dag/mine-brukere/", notes.my_clients_page, name="my_clients"),
    path("min-dag/besok/<uuid:public_id>/notat/", notes.visit_note, name="my_day_note"),
    path(
        "min-dag/besok/<uuid:public_id>/notat/<uuid:note_id>/rett/",
        notes.visit_note_correct,
        name="my_day_note_correct",
    ),
    path(
        "clients/<uuid:public_id>/notes/<slug:kind>/new/",
        notes.client_note,
        name="client_note",
    ),
    path(
        "clients/<uuid:public_id>/notes/<uuid:note_id>/correct/",
        notes.client_note_correct,
        name="client_note_correct",
    ),
    path(
        "min-dag/besok/<uuid:public_id>/<slug:action>/",
        my_day.visit_check,
        name="my_day_check",
    ),
    path(
        "min-dag/besok/<uuid:public_id>/nokler/<uuid:key_id>/<slug:action>/",
        keys.visit_key_action,
        name="my_day_key",
    ),
    path("min-dag/nokler/<uuid:key_id>/lever/", keys.held_key_return, name="my_day_key_return"),
    path("nokler/", keys.key_register, name="key_register"),
    path("nokler/nokkel/<uuid:key_id>/<slug:action>/", keys.key_action, name="key_action"),
    path("nokler/<uuid:team_id>/", keys.key_register, name="key_register_team"),
    path("planlegging/", planning.planning_start, name="planning_start"),
    path("planlegging/<uuid:scope_id>/vaktplan/<isodate:day>/", rota.rota_week, name="rota_week"),
    path(
        "planlegging/<uuid:scope_id>/vaktplan/<isodate:day>/<slug:action>/",
        rota.rota_action,
        name="rota_action",
    ),
    path(
        "planlegging/<uuid:scope_id>/<isodate:day>/",
        planning.planning_board,
        name="planning_board",
    ),
    path(
        "planlegging/<uuid:scope_id>/<isodate:day>/progress/",
        planning.planning_job,
        name="planning_job",
    ),
    path(
        "planlegging/<uuid:scope_id>/<isodate:day>/visit/<uuid:visit_id>/",
        planning.planning_visit,
        name="planning_visit",
    ),
    path(
        "planlegging/<uuid:scope_id>/<isodate:day>/<slug:action>/",
        planning.planning_action,
        name="planning_action",
    ),
    path("clients/<uuid:public_id>/<slug:section>/", clients.client_detail, name="client_section"),
]
