"""The portal's routers, assembled in one place (the API app includes :data:`router`).

Each area of the portal is one module with its own router; a later area adds its router here
and its menu entry in :mod:`clearway.web.nav`.
"""

from __future__ import annotations

from fastapi import APIRouter

from clearway.web import (
    appointments,
    auth,
    bonded,
    declaration_list,
    declarations,
    home,
    inspection,
    licences,
    notifications,
    ore_pricing,
    post_clearance,
    release_time,
    risk,
    risk_rules,
    simulation,
    statistics,
    two_step,
    users,
    worklist,
)

router = APIRouter(include_in_schema=False)
for area in (
    home,
    auth,
    declaration_list,
    declarations,
    risk,
    risk_rules,
    worklist,
    inspection,
    appointments,
    two_step,
    ore_pricing,
    bonded,
    licences,
    statistics,
    release_time,
    simulation,
    notifications,
    post_clearance,
    users,
):
    router.include_router(area.router)
