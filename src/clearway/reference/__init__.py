"""Reference data: HS nomenclature, countries, currencies, dated tariff and exchange rates."""
