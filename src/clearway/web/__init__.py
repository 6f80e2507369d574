"""Server-rendered pages (Jinja2 + htmx), assets vendored in the package."""
