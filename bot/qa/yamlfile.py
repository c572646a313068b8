"""YAML files of the knowledge base, read with the line of each mapping (so every problem can name its
file:line), and the error that lists every problem at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class KnowledgeError(Exception):
    """The knowledge base is invalid. `problems` holds one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


try:  # libyaml when present: 10x faster start-up
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _LineLoader(_SafeLoader):
    """A safe loader that remembers the line where each mapping starts (as the key `__line__`)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (str, int, float, bool)) and key in seen:
            # Plain YAML keeps the last of two equal keys silently; in a word list that hides a mistake.
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path) -> Any:
    """Read a YAML file with line numbers on mappings; YAML syntax errors become a KnowledgeError."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_LineLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path.name}:{mark.line + 1}" if mark else path.name
        raise KnowledgeError([f"{where}: invalid YAML: {getattr(exc, 'problem', exc)}"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError([f"{path.name}: cannot read: {exc}"]) from None
