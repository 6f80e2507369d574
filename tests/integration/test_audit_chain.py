"""The hash chains of the audit trail and the declaration timelines: intact as written, and
a direct edit or removal of a stored row is found and named."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.audit.tables import audit_events
from clearway.audit.verification import verification_for, verify
from clearway.bootstrap import Platform
from clearway.declarations.tables import declaration_events
from tests.builders import ADMIN, NOW, RISK, lodge_routed, seed_district

e, a = declaration_events.c, audit_events.c


def _audited(platform: Platform, times: int = 3) -> None:
    with platform.uow() as uow:
        for n in range(times):
            record(uow.session, ADMIN, platform.clock.now(), "test.step", "thing", 7, {"n": n})
        uow.commit()


def test_rows_written_by_the_platform_verify_intact(platform: Platform) -> None:
    district = seed_district(platform)
    first = lodge_routed(platform, district.exporter)
    second = lodge_routed(platform, district.importer)
    _audited(platform)
    with platform.reader() as uow:
        result = verify(uow.session)
        lines = uow.session.execute(
            select(e.declaration_id, e.seq, e.chain_prev, e.chain_hash).order_by(e.id)
        ).all()
    assert result.intact, result.broken
    assert result.checked["declaration_events"] == len(lines) >= 6
    assert result.checked["audit_events"] >= 3
    # Each line links to the one before it in its own declaration's chain.
    for decl in (first.id, second.id):
        chain = [line for line in lines if line.declaration_id == decl]
        assert [line.chain_prev for line in chain[1:]] == [line.chain_hash for line in chain[:-1]]


def test_an_edited_timeline_line_is_named(platform: Platform) -> None:
    district = seed_district(platform)
    declaration = lodge_routed(platform, district.exporter)
    with platform.uow() as uow:
        target = uow.session.execute(
            select(e.id).where(e.declaration_id == declaration.id, e.seq == 2)
        ).scalar_one()
        uow.session.execute(update(declaration_events).where(e.id == target).values(actor="x"))
        uow.commit()
    with platform.reader() as uow:
        broken = verify(uow.session).broken
    assert broken is not None
    assert (broken.table, broken.row_id) == ("declaration_events", target)
    assert broken.stream == f"declaration:{declaration.id}"
    assert "edited" in broken.problem


def test_a_removed_timeline_line_breaks_the_next_link(platform: Platform) -> None:
    district = seed_district(platform)
    declaration = lodge_routed(platform, district.exporter)
    with platform.uow() as uow:
        ids = uow.session.scalars(
            select(e.id).where(e.declaration_id == declaration.id).order_by(e.seq)
        ).all()
        uow.session.execute(delete(declaration_events).where(e.id == ids[1]))
        uow.commit()
    with platform.reader() as uow:
        broken = verify(uow.session).broken
    assert broken is not None and broken.row_id == ids[2]
    assert "removed" in broken.problem


def test_an_edited_audit_line_is_named(platform: Platform) -> None:
    seed_district(platform)
    _audited(platform)
    with platform.uow() as uow:
        target = uow.session.execute(select(func.max(a.id)).where(a.entity == "thing")).scalar_one()
        uow.session.execute(update(audit_events).where(a.id == target).values(detail={"n": 99}))
        uow.commit()
    with platform.reader() as uow:
        broken = verify(uow.session).broken
    assert broken is not None
    assert (broken.table, broken.stream, broken.row_id) == ("audit_events", "thing:7", target)


def test_a_row_whose_hash_was_erased_is_named(platform: Platform) -> None:
    _audited(platform, 1)
    with platform.uow() as uow:
        uow.session.execute(update(audit_events).values(chain_hash=None))
        uow.commit()
    with platform.reader() as uow:
        broken = verify(uow.session).broken
    assert broken is not None and "no hash" in broken.problem


def test_only_administrators_verify(platform: Platform) -> None:
    import pytest

    from clearway.shared.errors import PermissionDenied

    with platform.reader() as uow:
        assert verification_for(uow.session, ADMIN).intact
        with pytest.raises(PermissionDenied):
            verification_for(uow.session, RISK)


def test_the_migration_chains_rows_stored_before_it(tmp_path: Path) -> None:
    """Rows written before the chain existed are chained, in stream order, by revision f_1."""
    from sqlalchemy import create_engine, insert

    from clearway.persistence.migrate import upgrade

    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")  # no foreign keys enforced
    upgrade(engine, "0011")
    old = {"at": NOW, "actor": "admin", "actor_role": "administrator", "action": "x"}
    line = {"at": NOW, "actor": "a", "actor_role": "enterprise_user", "command": "submit"}
    with engine.begin() as conn:
        for n in range(3):
            conn.execute(
                insert(audit_events).values(
                    old | {"entity": "thing", "entity_id": "1", "detail": {"n": n}}
                ),
            )
        for seq in (1, 2):
            conn.execute(
                insert(declaration_events).values(
                    line
                    | {"declaration_id": 5, "seq": seq, "from_status": "draft"}
                    | {"to_status": "submitted", "reason": ""}
                )
            )
    upgrade(engine)
    with Session(engine) as session:
        result = verify(session)
    engine.dispose()
    assert result.intact, result.broken
    assert result.checked == {"audit_events": 3, "declaration_events": 2}
