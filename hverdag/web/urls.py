from django.urls import path, register_converter

from hverdag.web import url_words
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
register_converter(url_words.ClientSection, "client_section")
register_converter(url_words.NoteKind, "note_kind")
register_converter(url_words.DecisionAction, "decision_action")
register_converter(url_words.RotaAction, "rota_action")
register_converter(url_words.PlanningAction, "planning_action")

urlpatterns = [
    path("", auth.home, name="home"),
    path("logg-inn/", auth.LoginView.as_view(), name="login"),
    path("logg-ut/", auth.LogoutView.as_view(), name="logout"),
    path("brukere/", clients.client_list, name="client_list"),
    path("brukere/ny/", clients.client_register, name="client_register"),
    path("brukere/finn/", clients.client_find, name="client_find"),
    path("brukere/<uuid:public_id>/", clients.client_detail, name="client_detail"),
    path("brukere/<uuid:public_id>/endre/", clients.client_edit, name="client_edit"),
    path("brukere/<uuid:public_id>/kode/", clients.reveal_code, name="reveal_code"),
    path("brukere/<uuid:public_id>/hjem/lagre/", clients.home_notes_save, name="home_notes_save"),
    path(
        "brukere/<uuid:public_id>/personer/ny/",
        clients.resource_person_add,
        name="resource_person_add",
    ),
    path(
        "brukere/<uuid:public_id>/personer/<uuid:person_id>/avslutt/",
        clients.resource_person_deactivate,
        name="resource_person_deactivate",
    ),
    path("brukere/<uuid:public_id>/utstyr/ny/", clients.device_add, name="device_add"),
    path("brukere/<uuid:public_id>/blalys/", clients.break_glass, name="break_glass"),
    path("brukere/<uuid:public_id>/kartlegging/ny/", intake.intake_new, name="intake_new"),
    path("brukere/<uuid:public_id>/vedtak/ny/", decisions.decision_new, name="decision_new"),
    path("vedtak/<uuid:public_id>/", decisions.decision_edit, name="decision_edit"),
    path(
        "vedtak/<uuid:public_id>/forhandsvisning/",
        decisions.decision_preview,
        name="decision_preview",
    ),
    path(
        "vedtak/<uuid:public_id>/<decision_action:action>/",
        decisions.decision_action,
        name="decision_action",
    ),
    path("gjennomgang/blalys/", review.break_glass_list, name="break_glass_list"),
    path(
        "gjennomgang/blalys/<uuid:public_id>/",
        review.break_glass_review,
        name="break_glass_review",
    ),
    path("brev/<uuid:public_id>.pdf", decisions.letter_pdf, name="letter_pdf"),
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
        "brukere/<uuid:public_id>/legemidler/ny/",
        medication.order_add,
        name="medication_add",
    ),
    path(
        "brukere/<uuid:public_id>/legemidler/<uuid:order_id>/endre/",
        medication.order_change,
        name="medication_change",
    ),
    path(
        "brukere/<uuid:public_id>/legemidler/<uuid:order_id>/seponer/",
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
        "brukere/<uuid:public_id>/notater/<note_kind:kind>/ny/",
        notes.client_note,
        name="client_note",
    ),
    path(
        "brukere/<uuid:public_id>/notater/<uuid:note_id>/rett/",
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
        "planlegging/<uuid:scope_id>/vaktplan/<isodate:day>/<rota_action:action>/",
        rota.rota_action,
        name="rota_action",
    ),
    path(
        "planlegging/<uuid:scope_id>/<isodate:day>/",
        planning.planning_board,
        name="planning_board",
    ),
    path(
        "planlegging/<uuid:scope_id>/<isodate:day>/fremdrift/",
        planning.planning_job,
        name="planning_job",
    ),
    path(
        "planlegging/<uuid:scope_id>/<isodate:day>/besok/<uuid:visit_id>/",
        planning.planning_visit,
        name="planning_visit",
    ),
    path(
        "planlegging/<uuid:scope_id>/<isodate:day>/<planning_action:action>/",
        planning.planning_action,
        name="planning_action",
    ),
    path(
        "brukere/<uuid:public_id>/<client_section:section>/",
        clients.client_detail,
        name="client_section",
    ),
]
