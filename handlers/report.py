"""Placeholder for the tips feature (report); filled in by issue 5."""


def register(application) -> None:
    """Register report handlers (none yet)."""
    return None
