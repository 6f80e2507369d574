"""Lithium-battery dangerous-goods checks at submission of export declarations."""
