"""SQLAlchemy metadata, tables, mapping, unit of work and Alembic migrations."""
