"""Values many test modules share (import them from here; conftest.py files hold fixtures only)."""

from __future__ import annotations

from pathlib import Path

# The small knowledge base the handler tests run on, so that tuning the real one cannot break them.
FIXTURE_KB = Path(__file__).resolve().parents[1] / "fixtures" / "kb"
# Shaped like a real token (digits:35 letters) so that Settings accepts it; Telegram never sees it.
FAKE_TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
