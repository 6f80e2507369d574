"""Imported iron ore: classified management, first release then inspection, lab results, disposal.

Horgos imports iron ore by rail (DOMAIN.md §1, §5, §7). Each ore declaration is put in a
category from its origin, brand, supplier history and the importer's credit, which tells the
inspector what to do on site; a conforming on-site inspection lets a first-release declaration
go before the lab has spoken; a nonconforming lab result after release opens a disposal case.
"""
