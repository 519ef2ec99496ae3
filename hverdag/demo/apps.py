from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo district and its commands (``load_demo``, ``demo_logins``).

    An app so that its commands live beside the data they load: nothing below may import it.
    """

    name = "hverdag.demo"
    label = "demo"
    verbose_name = "Demo district"
