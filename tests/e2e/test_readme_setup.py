"""The README's production set-up, run word for word against a fresh database (SQLite and a
scratch PostgreSQL database), twice: the second run changes nothing."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from clearway.enterprises.tables import enterprises
from clearway.identity.tables import users
from clearway.inspection.tables import inspection_sites
from clearway.reference.tables import customs_offices, tariff_lines

ROOT = Path(__file__).parents[2]
CLI = "import sys; from clearway.cli.main import app; sys.argv[0] = 'clearway'; app()"


def readme_commands() -> list[list[str]]:
    """The `clearway` commands of the README's production block, continuations joined;
    `serve` is left out (it runs until stopped)."""
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Running on PostgreSQL") :]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "the production section has no sh block"
    joined = block.group(1).replace("\\\n", " ")
    commands = []
    for line in joined.splitlines():
        words = shlex.split(line, comments=True)
        if words and words[0] == ".venv/bin/clearway" and words[1] != "serve":
            commands.append(words[1:])
    return commands


def test_the_readme_names_only_shipped_files() -> None:
    for words in readme_commands():
        for word in words:
            if word.endswith(".csv"):
                assert (ROOT / word).is_file(), f"README names {word}, which is not shipped"


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'district.db'}"
        return
    server = os.environ.get("CLEARWAY_TEST_DATABASE_URL")
    if not server:
        pytest.skip("PostgreSQL tests skipped: set CLEARWAY_TEST_DATABASE_URL to run them")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text("DROP DATABASE IF EXISTS setup_check"))
        c.execute(text("CREATE DATABASE setup_check"))
    try:
        yield make_url(server).set(database="setup_check").render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text("DROP DATABASE IF EXISTS setup_check WITH (FORCE)"))
        admin.dispose()


def _run(words: list[str], url: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CLEARWAY_DATABASE_URL": url,
        "CLEARWAY_ENV": "production",
        "CLEARWAY_SECRET_KEY": "a-production-secret-" + "x" * 40,
        "CLEARWAY_SECRET_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "CLEARWAY_SETUP_ADMIN_PASSWORD": "first-admin-pw",
    }
    return subprocess.run(
        [sys.executable, "-c", CLI, *words],
        env=env,
        cwd=ROOT,
        input="officer-pw-1\nofficer-pw-1\n",
        capture_output=True,
        text=True,
        timeout=600,
    )


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            return {
                t.name: int(c.execute(select(func.count()).select_from(t)).scalar_one())
                for t in (tariff_lines, customs_offices, inspection_sites, enterprises, users)
            }
    finally:
        engine.dispose()


def test_the_readme_takes_a_fresh_database_to_a_working_district(fresh_url: str) -> None:
    commands = readme_commands()
    assert commands[0][0] == "setup"
    for words in commands:
        done = _run(words, fresh_url)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr and "first-admin-pw" not in done.stdout
    first = _counts(fresh_url)
    assert first["customs_offices"] == 2 and first["inspection_sites"] == 2
    assert first["enterprises"] == 2 and first["users"] == 2 and first["tariff_lines"] > 0
    again = _run(commands[0], fresh_url)
    assert again.returncode == 0 and "0 added" in again.stdout, again.stderr
    assert _counts(fresh_url) == first
    engine = create_engine(fresh_url)
    with engine.connect() as c:
        office = c.execute(
            select(users.c.office_code).where(users.c.role == "inspection_officer")
        ).scalar_one()
    engine.dispose()
    assert office == "7909"


def test_setup_refuses_a_bad_file_with_line_numbers_and_writes_nothing(
    fresh_url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "offices.csv"
    bad.write_text("code,name,name_en,port\n0291,鄂尔多斯海关,Ordos,Zone\n79x9,,Horgos,\n", "utf-8")
    refused = _run(["setup", "--admin", "chief", "--offices", str(bad)], fresh_url)
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert "line 3.code" in refused.stderr and "line 3.name" in refused.stderr
    engine = create_engine(fresh_url)
    try:  # refused before the first migration: nothing at all was written
        assert not inspect(engine).has_table("users")
    finally:
        engine.dispose()
