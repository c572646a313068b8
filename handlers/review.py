"""Placeholder for the tips feature (review); filled in by issue 5."""


def register(application) -> None:
    """Register review handlers (none yet)."""
    return None
