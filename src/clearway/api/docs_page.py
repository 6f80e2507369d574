"""``/docs``: the interactive API reference, served from the vendored Swagger UI.

Every asset comes from ``/static`` so the page works on a network with no way out, and the
start-up script is a file too, because the Content-Security-Policy allows no inline script
(FastAPI's own page writes its configuration inline and loads its assets from a CDN).
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

SWAGGER_UI = "/static/vendor/swagger-ui"

PAGE = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Clearway API</title>
  <link rel="stylesheet" href="{SWAGGER_UI}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{SWAGGER_UI}/swagger-ui-bundle.js"></script>
  <script src="/static/swagger-init.js"></script>
</body>
</html>
"""

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    """The Swagger UI page over ``/openapi.json``."""
    return HTMLResponse(PAGE)
