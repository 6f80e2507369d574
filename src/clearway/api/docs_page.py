"""``/docs``: the interactive API reference, served from the Swagger UI the ``swagger-ui-py``
package installs.

Every asset comes from this site (``/static/swagger-ui`` is the package's own asset folder) so
the page works on a network with no way out, and the start-up script is a file too, because
the Content-Security-Policy allows no inline script (FastAPI's own page writes its
configuration inline and loads its assets from a CDN).
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

SWAGGER_UI = "/static/swagger-ui"

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


def install(app: FastAPI) -> None:
    """The docs page and Swagger UI's assets; before the portal's ``/static`` mount, which
    would otherwise answer for ``/static/swagger-ui`` too."""
    app.include_router(router)
    app.mount(SWAGGER_UI, StaticFiles(directory=swagger_ui_assets()), name="swagger-ui")


def swagger_ui_assets() -> Path:
    """The installed package's asset folder, found without importing the package (its
    ``__init__`` loads integrations for other web frameworks)."""
    spec = find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("swagger-ui-py is not installed: pip install 'swagger-ui-py>=25,<26'")
    return Path(next(iter(spec.submodule_search_locations))) / "static"
