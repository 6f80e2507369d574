"""Pure checks on enterprise identifiers."""

from __future__ import annotations

# GB 32100-2015: the unified social credit code alphabet (no I, O, S, V, Z) and weights.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str:
    """The 18th character the standard derives from the first seventeen."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """Why a unified social credit code is invalid, or None when it is valid."""
    if len(code) != 18:
        return f"must be 18 characters, got {len(code)}"
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        return f"contains characters outside the code alphabet: {''.join(bad)}"
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        return f"check digit is {code[17]}, expected {expected}"
    return None


def customs_code_problem(code: str) -> str | None:
    """Customs registration codes are ten letters or digits."""
    if len(code) != 10 or not code.isalnum() or not code.isascii():
        return "must be 10 letters or digits"
    return None


def make_uscc(first17: str) -> str:
    """Complete a code with its check character (for fixtures and the demo district)."""
    return first17 + uscc_check_char(first17)
