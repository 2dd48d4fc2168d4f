"""YAML parsing that remembers where each value came from, so errors can name a line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


class YamlSyntaxError(Exception):
    """The text is not valid YAML (or repeats a key); ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Located:
    """A parsed document and its node tree, for mapping a field path to a line."""

    data: Any
    root: Node | None

    def line_of(self, loc: tuple[str | int, ...]) -> int:
        """Return the 1-based line of the deepest node on ``loc`` that exists."""
        node = self.root
        if node is None:
            return 1
        line = node.start_mark.line + 1
        for part in loc:
            found = _child(node, part)
            if found is None:
                break
            node, line = found
        return line


def _child(node: Node, part: str | int) -> tuple[Node, int] | None:
    """Return the child node and the line that names it (a key's line for mappings)."""
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == str(part):
                return value_node, key_node.start_mark.line + 1
        return None
    if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        child: Node = node.value[part]
        return child, child.start_mark.line + 1
    return None


def _check_duplicate_keys(node: Node) -> None:
    if isinstance(node, MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode):
                if key_node.value in seen:
                    raise YamlSyntaxError(
                        key_node.start_mark.line + 1,
                        f"duplicate key {key_node.value!r}; expected each key once",
                    )
                seen.add(key_node.value)
            _check_duplicate_keys(value_node)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _check_duplicate_keys(item)


def parse(text: str) -> Located:
    """Parse one YAML document with safe types only, keeping its node tree."""
    try:
        loader = yaml.SafeLoader(text)
        try:
            root = loader.get_single_node()
            if root is not None:
                _check_duplicate_keys(root)
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "unreadable YAML"
        raise YamlSyntaxError(line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, f"invalid YAML: {exc}") from None
    return Located(data=data, root=root)
