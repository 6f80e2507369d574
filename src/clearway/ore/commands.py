"""What inspectors, labs and officers send about ore: on-site results, lab results, outcomes.

Pydantic checks shape and ranges; the rules that need the declaration (a radiation reading,
samples when the category demands them, a known sample) live in the services and answer with
the field and the rule.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AwareDatetime, Field, StringConstraints

from clearway.ore.disposal import DisposalMeasure
from clearway.shared.bounds import BusinessDate, Input

SampleCode = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9A-Za-z][0-9A-Za-z._/-]{0,39}$")
]
Lab = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Note = Annotated[str, StringConstraints(max_length=2000)]
Percent = Annotated[Decimal, Field(ge=0, le=100, decimal_places=4)]
Reading = Annotated[Decimal, Field(ge=0, le=100_000, decimal_places=4)]


class SampleInput(Input):
    """A sample taken on site: the code on its bag, the item it comes from, the lab."""

    sample_id: SampleCode
    line_no: int | None = Field(None, ge=1, description="Ore item sampled (default: the first).")
    lab: Lab
    taken_at: AwareDatetime | None = Field(None, description="Default: the end of the inspection.")


class OnsiteInput(Input):
    """The on-site inspection of an ore declaration (GACC 2018 No.134, 2020 No.69)."""

    started_at: AwareDatetime | None = Field(None, description="Default: now.")
    location: Annotated[str, StringConstraints(max_length=200)] = ""
    nuclide_bq_per_g: Reading | None = Field(
        None, description="Highest U-238/Th-232 series nuclide activity from nuclide analysis."
    )
    portal_usv_per_h: Reading | None = Field(None, description="Portal monitor dose rate.")
    foreign_inclusions: bool
    solid_waste: bool
    document_mismatch: bool = Field(description="Goods differ from the declaration or waybill.")
    mismatch_note: Note = ""
    measured_weight_kg: Decimal = Field(gt=0, le=10**13, decimal_places=4)
    sampling_done: bool
    samples: list[SampleInput] = Field(default_factory=list, max_length=50)
    note: Note = ""
    expected_version: int | None = Field(None, description="Declaration version last seen.")


class LabResultInput(Input):
    """A lab's analysis of one sample; analytes in % by mass, radioactivity in Bq/g."""

    sample_id: SampleCode
    lab: Annotated[str, StringConstraints(max_length=200)] = ""
    reported_at: AwareDatetime | None = Field(None, description="Default: now.")
    fe_pct: Percent | None = None
    moisture_pct: Percent | None = None
    sio2_pct: Percent | None = None
    al2o3_pct: Percent | None = None
    pb_pct: Percent | None = None
    as_pct: Percent | None = None
    f_pct: Percent | None = None
    cd_pct: Percent | None = None
    hg_pct: Percent | None = None
    cl_pct: Percent | None = None
    radioactivity_bq_per_g: Reading | None = None


class DisposalOutcomeInput(Input):
    """What was done with goods that failed in the lab; closes the disposal case."""

    measure: DisposalMeasure
    outcome: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    expected_version: int | None = None


class ReleaseInput(Input):
    reason: Note = ""
    expected_version: int | None = None


class WaiverInput(Input):
    """An officer's waiver of the train-side on-site inspection: the reason is required."""

    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=2000)]
    expected_version: int | None = None


Basis = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)]
Price = Annotated[Decimal, Field(gt=0, max_digits=18, decimal_places=4, allow_inf_nan=False)]


class ProvisionalPriceInput(Input):
    """Iron ore declared at a provisional (formula) price: the terms the final price follows.

    The declaration's own item values are the provisional prices it is taxed on; these terms
    say what will settle them (docs/rules/ore_provisional_pricing.md).
    """

    pricing_basis: Basis = Field(
        description="The index or formula, e.g. 'Platts IODEX 62% Fe CFR North China'."
    )
    quotational_period_start: BusinessDate
    quotational_period_end: BusinessDate
    provisional_unit_price: Price = Field(description="Per dry metric tonne, in the currency.")
    fe_basis_pct: Annotated[Decimal, Field(gt=0, le=100, decimal_places=2)] = Field(
        description="Fe content the unit price refers to (% dry)."
    )
    moisture_basis_pct: Annotated[Decimal, Field(ge=0, lt=100, decimal_places=2)] = Field(
        description="Moisture the dry weight is figured at (%)."
    )
    expected_version: int | None = Field(None, description="Declaration version last seen.")


class FinalLineInput(Input):
    """The final price of one item, in the declaration's currency under its price terms."""

    line_no: int = Field(ge=1, le=999)
    price: Price


class FinalPriceInput(Input):
    """The final price of provisionally priced ore, after the lab result and the quotational
    period: every item's price, and the unit price the formula gave."""

    lines: list[FinalLineInput] = Field(min_length=1, max_length=50)
    final_unit_price: Price | None = Field(None, description="Per dry metric tonne.")
    expected_version: int | None = Field(None, description="Declaration version last seen.")
