"""Eligibility of each facilitation measure a declaration asks for (stacked measures).

Every measure is judged on its own by the one eligibility rule (``supervision.eligibility``),
so a two-step + first release + direct pickup import is refused for exactly the measure its
importer, goods or office do not qualify for, named by its index in the request.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from sqlalchemy.orm import Session

from clearway.config import Settings
from clearway.declarations.commands import DeclarationInput
from clearway.declarations.measures import indexed, listing_errors
from clearway.declarations.model import FacilitationMode
from clearway.shared.errors import FieldError
from clearway.supervision.eligibility import Facility, decide

# The eligibility rule each measure is judged by.
FACILITY_OF: dict[FacilitationMode, Facility] = {
    FacilitationMode.TWO_STEP: Facility.TWO_STEP,
    FacilitationMode.CENTRALIZED: Facility.CENTRALIZED,
    FacilitationMode.FIRST_RELEASE: Facility.FIRST_RELEASE,
    FacilitationMode.DIRECT_PICKUP: Facility.DIRECT_PICKUP,
    FacilitationMode.APPOINTMENT: Facility.APPOINTMENT_CLEARANCE,
}


def measure_refusals(
    session: Session,
    settings: Settings,
    data: DeclarationInput,
    trader_id: int,
    on: date,
    *,
    tariff_codes: Sequence[str],
    judged_elsewhere: Collection[FacilitationMode] = (),
) -> list[FieldError]:
    """Every measure of the input that does not make a set, or that the trader may not use on
    the day for these goods at this office; ``judged_elsewhere`` are the measures the calling
    procedure checks itself (two-step's summary checks two-step)."""
    found = [
        FieldError(*error)
        for error in listing_errors(data.facilitation_measures, data.facilitation_mode)
    ]
    for path, measure in indexed(data.facilitation_measures, data.facilitation_mode):
        if measure in judged_elsewhere:
            continue
        facility = FACILITY_OF[measure]
        answer = decide(
            session,
            settings,
            trader_id,
            facility,
            on,
            tariff_codes=tariff_codes,
            office_code=data.office_code,
        )
        if not answer.allowed:
            found.append(
                FieldError(path, f"eligibility.{facility.value}", "; ".join(answer.reasons))
            )
    return found
