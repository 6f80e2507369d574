"""`clearway ore`: classification, on-site inspections, lab results, disposal cases."""

from __future__ import annotations

from decimal import Decimal

import typer

from clearway.api.schemas_ore import (
    ClassificationPublic,
    OnsiteInspectionPublic,
    OnsiteWaiverPublic,
    case_out,
    lab_out,
    limits_out,
    onsite_out,
    record_out,
)
from clearway.cli.common import acting_user, emit, guarded, platform
from clearway.ore import cases, first_release, queries, results, services, waivers
from clearway.ore.classify import classify_on_demand
from clearway.ore.commands import (
    DisposalOutcomeInput,
    LabResultInput,
    OnsiteInput,
    ReleaseInput,
    SampleInput,
    WaiverInput,
)
from clearway.ore.disposal import DisposalMeasure, DisposalStatus
from clearway.ore.terms import terms_of

app = typer.Typer(
    help="Iron ore: classified management, first release, lab, disposal.", no_args_is_help=True
)
AS_USER = typer.Option(..., "--as", help="Username to act as (tenancy applies).")


@app.command()
@guarded
def show(declaration: str, as_user: str = AS_USER) -> None:
    """A declaration's ore record (category and reasons, inspections, samples, cases) as JSON."""
    p = platform()
    with p.sessions() as session:
        found = queries.visible_record(session, acting_user(as_user), declaration)
        emit(record_out(found, p.clock.now()).model_dump(mode="json"))


@app.command()
@guarded
def classify(declaration: str, as_user: str = AS_USER) -> None:
    """(Re)classify an ore declaration now."""
    p = platform()
    with p.uow() as uow:
        row = classify_on_demand(uow, declaration, acting_user(as_user), p.clock, p.settings)
        emit(ClassificationPublic.model_validate(row).model_dump(mode="json"))


def _sample(raw: str) -> SampleInput:
    """CODE@LAB or CODE@LAB@LINE."""
    code, _, rest = raw.partition("@")
    lab, _, line = rest.partition("@")
    return SampleInput.model_validate(
        {"sample_id": code, "lab": lab, "line_no": int(line) if line else None}
    )


@app.command()
@guarded
def onsite(
    declaration: str,
    as_user: str = AS_USER,
    weight: Decimal = typer.Option(..., help="Measured weight, kg."),
    nuclide: Decimal | None = typer.Option(None, help="Nuclide analysis, Bq/g."),
    portal: Decimal | None = typer.Option(None, help="Portal monitor reading, µSv/h."),
    inclusions: bool = typer.Option(False, "--inclusions", help="Foreign inclusions found."),
    solid_waste: bool = typer.Option(False, "--solid-waste", help="Solid waste found."),
    mismatch: str | None = typer.Option(None, help="Goods–document mismatch found: what."),
    sample: list[str] = typer.Option([], help="CODE@LAB or CODE@LAB@ITEM, once per sample taken."),
    location: str = typer.Option(""),
    note: str = typer.Option(""),
) -> None:
    """Record the on-site inspection; prints whether the goods were released, wait or detained."""
    p = platform()
    data = OnsiteInput(
        location=location,
        nuclide_bq_per_g=nuclide,
        portal_usv_per_h=portal,
        foreign_inclusions=inclusions,
        solid_waste=solid_waste,
        document_mismatch=mismatch is not None,
        mismatch_note=mismatch or "",
        measured_weight_kg=weight,
        sampling_done=bool(sample),
        samples=[_sample(s) for s in sample],
        note=note,
    )
    with p.uow() as uow:
        done = services.record_onsite(
            uow, declaration, data, acting_user(as_user), p.clock, p.settings
        )
        emit(
            onsite_out(done, queries.record_of(uow.session, done.declaration).samples).model_dump(
                mode="json"
            )
        )


@app.command()
@guarded
def release(declaration: str, as_user: str = AS_USER, reason: str = typer.Option("")) -> None:
    """First release on the conforming on-site result, once duty and VAT are covered."""
    p = platform()
    with p.uow() as uow:
        inspection = first_release.release_first(
            uow, declaration, ReleaseInput(reason=reason), acting_user(as_user), p.clock, p.settings
        )
    emit(OnsiteInspectionPublic.model_validate(inspection).model_dump(mode="json"))


@app.command("waive-onsite")
@guarded
def waive_onsite(
    declaration: str,
    reason: str = typer.Option(..., help="Why the train-side on-site inspection is waived."),
    as_user: str = AS_USER,
) -> None:
    """Waive the train-side on-site inspection of a direct-pickup declaration, with a reason."""
    p = platform()
    with p.uow() as uow:
        waiver = waivers.waive_onsite(
            uow, declaration, WaiverInput(reason=reason), acting_user(as_user), p.clock, p.settings
        )
    emit(OnsiteWaiverPublic.model_validate(waiver).model_dump(mode="json"))


@app.command("lab-result")
@guarded
def lab_result(
    sample_id: str,
    as_user: str = AS_USER,
    lab: str = typer.Option(""),
    fe: Decimal | None = typer.Option(None, help="Fe, %."),
    moisture: Decimal | None = typer.Option(None, help="Moisture, %."),
    sio2: Decimal | None = typer.Option(None, help="SiO2, %."),
    al2o3: Decimal | None = typer.Option(None, help="Al2O3, %."),
    pb: Decimal | None = typer.Option(None, help="Pb, %."),
    as_: Decimal | None = typer.Option(None, "--as-pct", help="As, %."),
    f: Decimal | None = typer.Option(None, help="F, %."),
    cd: Decimal | None = typer.Option(None, help="Cd, %."),
    hg: Decimal | None = typer.Option(None, help="Hg, %."),
    cl: Decimal | None = typer.Option(None, help="Cl, %."),
    radioactivity: Decimal | None = typer.Option(None, help="Radioactivity, Bq/g."),
) -> None:
    """Record a lab result for a sample taken on site."""
    p = platform()
    data = LabResultInput(
        sample_id=sample_id,
        lab=lab,
        fe_pct=fe,
        moisture_pct=moisture,
        sio2_pct=sio2,
        al2o3_pct=al2o3,
        pb_pct=pb,
        as_pct=as_,
        f_pct=f,
        cd_pct=cd,
        hg_pct=hg,
        cl_pct=cl,
        radioactivity_bq_per_g=radioactivity,
    )
    with p.uow() as uow:
        done = results.record_result(uow, data, acting_user(as_user), p.clock, p.settings)
    emit(lab_out(done, sample_id, p.clock.now()).model_dump(mode="json"))


@app.command("cases")
@guarded
def list_cases(
    as_user: str = AS_USER,
    status: DisposalStatus | None = typer.Option(None),
    overdue: bool = typer.Option(False, "--overdue"),
    limit: int = typer.Option(50, min=1, max=1000),
) -> None:
    """Disposal cases the user may see, soonest deadline first, as JSON."""
    p = platform()
    actor = acting_user(as_user)
    now = p.clock.now()
    with p.sessions() as session:
        total, rows = queries.list_cases(session, actor, status, now if overdue else None, limit, 0)
        items = [
            case_out(
                c, queries.visible_record(session, actor, c.declaration_id).declaration.number, now
            )
            for c in rows
        ]
    emit({"total": total, "items": [i.model_dump(mode="json") for i in items]})


@app.command("close-case")
@guarded
def close_case(
    case_id: int,
    as_user: str = AS_USER,
    measure: DisposalMeasure = typer.Option(...),
    outcome: str = typer.Option(..., help="What was done with the goods."),
) -> None:
    """Record what was done with the goods and close the disposal case."""
    p = platform()
    with p.uow() as uow:
        case = cases.record_outcome(
            uow,
            case_id,
            DisposalOutcomeInput(measure=measure, outcome=outcome),
            acting_user(as_user),
            p.clock,
        )
    typer.echo(f"disposal case {case.id} closed: {case.measure}")


@app.command()
@guarded
def overdue(limit: int = typer.Option(500, min=1)) -> None:
    """Flag disposal cases past their deadline and tell the importers (safe to repeat)."""
    p = platform()
    with p.uow() as uow:
        ids = cases.flag_overdue(uow, p.clock, limit)
    typer.echo(f"{len(ids)} ore disposal case(s) newly overdue" + (f": {ids}" if ids else ""))


@app.command()
@guarded
def limits() -> None:
    """The on-site and lab limits in force (from settings)."""
    emit(limits_out(terms_of(platform().settings)).model_dump(mode="json"))
