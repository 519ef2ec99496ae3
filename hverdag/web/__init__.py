"""Server-rendered pages (Django templates + HTMX)."""
