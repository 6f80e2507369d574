"""Trade statistics and the Time Release Study: read models, queries, exports."""

# The per-item monthly read model is declared in this package; loading the package registers
# it on the one metadata, and the schema loads it (through ``tables_statistics``), so the
# migrations' check and every ``metadata`` user see it.
from clearway.statistics import tables as tables
