"""Customs–enterprise liaison: officers and coordinators per enterprise, and their requests."""
