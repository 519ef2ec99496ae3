from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "hverdag.visits"
    label = "visits"

    def ready(self) -> None:
        # Celery's autodiscovery imports only `tasks` modules; register the generation job.
        import hverdag.visits.generation_tasks  # noqa: F401
        from hverdag.visits import signals

        signals.connect()
