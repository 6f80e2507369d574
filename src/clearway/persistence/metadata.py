"""The one MetaData every domain declares its tables on, so one Alembic history and one
``create_all`` cover the whole schema. Constraints are named by convention, identically on
SQLite and PostgreSQL.

Which modules declare tables is the composition root's knowledge:
:func:`clearway.bootstrap.schema` imports them all and returns this metadata, complete.
"""

from __future__ import annotations

from sqlalchemy import MetaData

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
