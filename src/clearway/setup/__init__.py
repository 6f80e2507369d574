"""Production set-up: a fresh database to a working district (``clearway setup``)."""
