"""Placeholder for the tips feature (status); filled in by issue 5."""


def register(application) -> None:
    """Register status handlers (none yet)."""
    return None
