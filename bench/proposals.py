"""Fixes proposed for code this benchmark does not own, applied by monkeypatching so their gain can be measured.

Nothing here is used by the bot. Each function changes one thing in the running process only; bench/README.md
("Where the time goes") gives each fix as the owner would apply it.
"""

from __future__ import annotations

import common  # noqa: F401 - sets sys.path first


def use_libyaml_line_loader() -> None:
    """bot/knowledge.py: base `_LineLoader` on libyaml's `CSafeLoader` (when PyYAML has it) instead of the
    pure-Python `SafeLoader`. Same constructor, so the same `__line__` numbers and duplicate-key errors."""
    import yaml

    import bot.knowledge as knowledge

    base = getattr(yaml, "CSafeLoader", None)
    if base is None:
        return

    class _LibyamlLineLoader(base):  # type: ignore[misc, valid-type]
        """A safe loader that remembers the line where each mapping starts (as the key `__line__`)."""

    _LibyamlLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, knowledge._construct_mapping)
    knowledge._LineLoader = _LibyamlLineLoader
