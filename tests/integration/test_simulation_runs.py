"""Stored simulation runs: kept apart from real release facts, read back with the same figures."""

from __future__ import annotations

import pytest

from clearway.bootstrap import Platform
from clearway.identity.model import Actor
from clearway.shared.errors import NotFound
from clearway.simulation import queries, services
from clearway.simulation import scenario as scenarios
from clearway.statistics import release_time
from clearway.statistics.commands import ReleaseQuery
from tests.builders import NOW

ADMIN = Actor.system("simulation-test")


def test_a_stored_run_reads_back_its_figures_and_never_enters_the_real_study(
    platform: Platform,
) -> None:
    s = scenarios.load("horgos-2024", {"days": 7})
    declarations, study = services.simulate(s)
    with platform.uow() as uow:
        run_id = services.store_run(uow, s, declarations, ADMIN, NOW)
    with platform.uow() as uow:
        stored = queries.run_figures(uow.session, run_id)
        real = release_time.summary(uow.session, ADMIN, ReleaseQuery())
        listed = queries.runs(uow.session)
    assert stored.run.declarations == study.declarations_simulated == len(declarations)
    assert stored.release_time.count == study.release_time.count
    assert stored.release_time.mean_hours == pytest.approx(study.release_time.mean_hours, abs=1e-3)
    assert stored.release_time.p90_hours == pytest.approx(study.release_time.p90_hours, abs=1e-3)
    assert real.lodged == 0 and real.released == 0  # simulated facts are not real facts
    assert [r.id for r in listed] == [run_id]


def test_an_unknown_run_is_not_found(platform: Platform) -> None:
    with platform.uow() as uow, pytest.raises(NotFound):
        queries.run_figures(uow.session, 999_999)
