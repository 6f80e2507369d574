"""Database plumbing every domain shares: the one metadata, column types, the mapper registry,
engines and the unit of work, fixed statements and Alembic migrations. Each domain declares its
own tables (``<domain>/tables.py``) and mappings (``<domain>/mapping.py``); persistence knows
none of them."""
