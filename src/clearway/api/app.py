"""The FastAPI application, assembled from a Platform (never at import time)."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from clearway import __version__
from clearway.api import docs_page, openapi, problems
from clearway.api.idempotency import IdempotencyLayer
from clearway.api.limits import RequestGuard
from clearway.api.routes import (
    arrivals,
    audit,
    auth,
    bonded,
    brokerage,
    dangerous_goods,
    declarations,
    enterprises,
    inspection,
    liaison,
    licences,
    notifications,
    ore,
    ore_pricing,
    post_clearance,
    reference,
    risk,
    simulation,
    statistics,
    supervision,
    users,
)
from clearway.api.security_headers import SecurityHeaders
from clearway.bootstrap import Platform

API_PREFIX = "/api/v1"


def create_app(platform: Platform) -> FastAPI:
    """Build the API and the web pages on one platform."""
    app = FastAPI(
        title="Clearway",
        version=__version__,
        description="Customs clearance: declarations, lanes, inspections, release.",
        openapi_url="/openapi.json",
        docs_url=None,  # served from the installed Swagger UI: clearway.api.docs_page
        redoc_url=None,
    )
    app.state.platform = platform
    problems.install(app)
    for router in (
        auth.router,
        audit.router,
        bonded.router,
        declarations.router,
        enterprises.router,
        reference.router,
        risk.router,
        users.router,
        statistics.router,
        liaison.router,
        brokerage.router,
        notifications.router,
        ore.router,
        ore_pricing.router,
        arrivals.router,
        dangerous_goods.router,
        inspection.router,
        supervision.router,
        licences.router,
        simulation.router,
        post_clearance.router,
    ):
        app.include_router(router, prefix=API_PREFIX)
    from clearway.web.errors import install as install_portal
    from clearway.web.pages import router as web_router

    app.include_router(web_router)
    docs_page.install(app)
    install_portal(app)  # /static, and HTML answers to the portal's refusals
    # Outermost first: the guard keeps the raw body that the idempotency layer hashes.
    app.add_middleware(
        IdempotencyLayer,
        sessions=lambda: platform.sessions,
        secret=platform.settings.secret_key,
        clock=platform.clock,
        claim_timeout=timedelta(seconds=platform.settings.idempotency_claim_seconds),
        kept_for=timedelta(hours=platform.settings.idempotency_hours),
    )
    app.add_middleware(RequestGuard, max_body_bytes=platform.settings.max_body_bytes)
    # Outermost of all, so refusals made by the layers below carry the headers too.
    app.add_middleware(SecurityHeaders)
    openapi.install(app)
    return app
