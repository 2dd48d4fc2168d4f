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
                continue  # not in the file (a union member's name pydantic adds): look deeper
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


MAX_NODES = 100_000
"""Most values a file may hold once its aliases are expanded (a shipped persona has ~1,000)."""
MAX_DEPTH = 50
"""Deepest nesting a file may have (shipped files nest at most 6 levels)."""
MAX_TOKENS = 50_000
"""Most YAML tokens a file may have (the biggest shipped file has about 1,100). PyYAML scans
in pure Python, some 30 microseconds a token, so without this a 1 MB file of "1," items takes
half a minute before any other limit is reached; with it, about a second and a half."""


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader, stopping at the token that takes a file over MAX_TOKENS."""

    def fetch_more_tokens(self) -> None:
        super().fetch_more_tokens()
        if self.tokens_taken + len(self.tokens) > MAX_TOKENS:
            raise YamlSyntaxError(
                self.line + 1,
                f"holds more than {MAX_TOKENS} YAML tokens; expected a content file of "
                "ordinary size",
            )


def _no_duplicate_keys(node: MappingNode) -> None:
    seen: set[str] = set()
    for key_node, _ in node.value:
        if isinstance(key_node, ScalarNode):
            if key_node.value in seen:
                raise YamlSyntaxError(
                    key_node.start_mark.line + 1,
                    f"duplicate key {key_node.value!r}; expected each key once",
                )
            seen.add(key_node.value)


def _check_tree(root: Node) -> None:
    """Refuse a document too big, too deep or with a key twice, before building it.

    One walk visits each node once (an alias target too). Aliases let a few hundred bytes stand for billions of values ("billion laughs"); each
    node's expanded size and height are counted once, so the check is linear in the file.
    """
    measured: dict[int, tuple[int, int]] = {}

    def measure(node: Node, depth: int) -> tuple[int, int]:
        known = measured.get(id(node))
        if known is None:
            if depth > MAX_DEPTH:
                raise YamlSyntaxError(
                    node.start_mark.line + 1,
                    f"nested more than {MAX_DEPTH} levels deep; expected a flatter file",
                )
            children: list[Node] = []
            if isinstance(node, MappingNode):
                _no_duplicate_keys(node)
                children = [part for pair in node.value for part in pair]
            elif isinstance(node, SequenceNode):
                children = list(node.value)
            size, height = 1, 0
            for child in children:
                child_size, child_height = measure(child, depth + 1)
                size, height = size + child_size, max(height, child_height + 1)
            known = measured[id(node)] = (size, height)
        size, height = known
        if depth + height > MAX_DEPTH:
            raise YamlSyntaxError(
                node.start_mark.line + 1,
                f"nested more than {MAX_DEPTH} levels deep; expected a flatter file",
            )
        if size > MAX_NODES:
            raise YamlSyntaxError(
                node.start_mark.line + 1,
                f"holds more than {MAX_NODES} values once its aliases (*name) are expanded; "
                "expected a file without runaway aliases",
            )
        return known

    measure(root, 0)


def parse(text: str) -> Located:
    """Parse one YAML document with safe types only, keeping its node tree."""
    try:
        loader = _BoundedLoader(text)
        try:
            root = loader.get_single_node()
            if root is not None:
                _check_tree(root)
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "unreadable YAML"
        raise YamlSyntaxError(line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "unreadable YAML"
        raise YamlSyntaxError(1, f"invalid YAML: {first}") from None
    except RecursionError:
        raise YamlSyntaxError(
            1, f"nested more than {MAX_DEPTH} levels deep; expected a flatter file"
        ) from None
    return Located(data=data, root=root)
