"""The information interaction platform with customs brokers: import plans, train dynamics,
pre-arrival risk research and the expected-arrivals board (Horgos, DOMAIN.md §1)."""
