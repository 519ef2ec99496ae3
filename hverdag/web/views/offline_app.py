"""The files that make Min dag an installable app that opens without network: the service
worker (served under /min-dag/ so its scope covers the day and visit pages) and the manifest.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# What a phone keeps to draw the pages without network.
ASSETS = (
    "web/hverdag.css",
    "web/vendor/htmx-2.0.11.min.js",
    "web/offline.js",
    "web/my_day.js",
    "web/icons/hverdag-192.png",
)
SW_TEMPLATE = "web/my_day/sw.js"


@functools.cache
def release() -> str:
    """Changes whenever a kept file or the worker changes, so phones fetch the new ones."""
    digest = hashlib.sha256()
    for name in ASSETS:
        found = finders.find(name)
        if isinstance(found, str):
            digest.update(Path(found).read_bytes())
    worker = get_template(SW_TEMPLATE).origin.name  # type: ignore[attr-defined]
    digest.update(Path(worker).read_bytes())
    return digest.hexdigest()[:12]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    offline_page = render_to_string("web/my_day/offline.html", request=request)
    script = render_to_string(
        SW_TEMPLATE,
        {
            "release": release(),
            # JSON is JavaScript: the worker reads both as literals.
            "assets_json": json.dumps([static(name) for name in ASSETS]),
            "static_prefix": static(""),
            "offline_page_json": json.dumps(offline_page),
        },
    )
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    # A phone must see a new worker at once; the browser checks it on every visit.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    body = {
        "name": "Hverdag – " + _("My day"),
        "short_name": "Hverdag",
        "start_url": reverse("web:my_day"),
        "scope": reverse("web:my_day"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5a6b",
        "lang": request.LANGUAGE_CODE,
        "icons": [
            {"src": static("web/icons/hverdag-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("web/icons/hverdag-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    return HttpResponse(json.dumps(body), content_type="application/manifest+json")
