"""A disk cache for the two costly products of the index build, so that `python -m bot ask` starts fast.

Building the index normalises every phrasing twice and counts the character n-grams of phrasings and labelled
examples: about 1 s of the 1.5 s start-up (bench/ask_startup.py). Both are pure functions of files: the knowledge
directory, the lexicon, bot/qa/examples.jsonl and the code in bot/qa. The cache file is named by a SHA-256 of all of
them (and of the versions of Python, whose marshal format it uses, PyYAML and rapidfuzz), so an edit of any of them
builds and writes a new one; nothing has to be invalidated by hand, and a stale file is never read.

Where: bot.settings.index_cache_dir ($NETRALBOT_CACHE_DIR, else ~/.cache/netralbot); NETRALBOT_CACHE_DIR=off turns
it off. The cache is an optimisation only: a missing, unreadable, corrupt or unwritable file means the index
is built as if there were no cache, never an error.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import rapidfuzz
import yaml

from bot.settings import index_cache_dir

log = logging.getLogger(__name__)

FORMAT = 1  # raise when the shape of what is stored changes
CLASSIFIER_KEYS = {"classes", "base", "weights", "vocabulary"}  # NgramClassifier.state()
KEEP = 3  # cache files kept per directory: the newest few builds (e.g. two checkouts), the rest is removed
_CODE = Path(__file__).parent


class BuildCache:
    """One build's products, stored under a name that is the fingerprint of everything they depend on."""

    def __init__(self, inputs: Iterable[Path], directory: Path | None = None) -> None:
        # The libraries whose results the products hold: PyYAML reads the files, rapidfuzz fixes typos.
        digest = hashlib.sha256(f"{FORMAT} {sys.version} {yaml.__version__} {rapidfuzz.__version__}".encode())
        # A set: the knowledge directory's lexicon.yaml is both one of its files and the lexicon, read once.
        for path in sorted(_CODE.glob("*.py")) + sorted({p.resolve() for p in inputs if p.is_file()}):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        self.directory = directory if directory is not None else index_cache_dir()
        self.name = f"index-{digest.hexdigest()[:32]}.marshal"

    @property
    def path(self) -> Path | None:
        return self.directory / self.name if self.directory is not None else None

    def load(self, phrasings: int) -> dict[str, Any] | None:
        """The stored products ("tokens": one tuple per phrasing, "classifier": its state), or None."""
        path = self.path
        if path is None or not path.is_file():
            return None
        try:
            data = marshal.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError) as error:
            log.warning("ignoring the unreadable index cache %s: %s", path, error)
            return None
        if (not isinstance(data, dict) or not isinstance(data.get("tokens"), list) or len(data["tokens"]) != phrasings
                or not isinstance(data.get("classifier"), dict) or not CLASSIFIER_KEYS <= data["classifier"].keys()):
            return None  # not what this build stores: build anew (and overwrite it)
        return data

    def store(self, data: dict[str, Any]) -> None:
        path = self.path
        if path is None:
            return
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written under a temporary name and renamed: a reader never sees half a file.
            with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".index-", delete=False) as handle:
                temporary = Path(handle.name)
                handle.write(marshal.dumps(data))
            os.replace(temporary, path)
            older = sorted(path.parent.glob("index-*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
            for stale in older[KEEP:]:
                stale.unlink(missing_ok=True)
        except (OSError, ValueError) as error:
            log.info("index cache not written (%s): the next start builds the index again", error)
            if temporary is not None:
                temporary.unlink(missing_ok=True)
