"""Telling enterprises and brokers what changed: in-app inbox, signed webhooks, message bus."""
