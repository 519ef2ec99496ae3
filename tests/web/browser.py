"""What the browser tests share: Debian's Chromium launched headless, a context that fails
the test if any request leaves the test server, and screenshots on request."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("HVERDAG_SCREENSHOTS")

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@contextmanager
def browser_page(
    chromium_path: str, **context_options: Any
) -> Iterator[tuple[BrowserContext, Page]]:
    """A page in a fresh context; on leaving, no request may have gone outside the server
    (the pages must work without the internet: no fonts, tiles or scripts from elsewhere)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=LAUNCH_ARGS)
        context = browser.new_context(locale="nb-NO", **context_options)
        page = context.new_page()
        page.set_default_timeout(20000)
        outside: list[str] = []
        page.on(
            "request",
            lambda r: None
            if r.url.startswith(("http://localhost", "data:"))
            else outside.append(r.url),
        )
        yield context, page
        context.close()
        browser.close()
        assert not outside, f"requests outside the server: {outside}"


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
