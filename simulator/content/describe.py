"""Turn pydantic's validation errors into 'field: what was expected' for a person."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, RootModel
from pydantic_core import ErrorDetails

from simulator.models.content import LocatedValueError

_MAX_INPUT = 40


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_INPUT else text[: _MAX_INPUT - 3] + "..."


def full_loc(error: ErrorDetails) -> tuple[str | int, ...]:
    """Return the error's location, extended by a model validator's own location."""
    loc = tuple(error["loc"])
    exc = error.get("ctx", {}).get("error")
    if isinstance(exc, LocatedValueError):
        loc = loc + exc.loc
    return loc


def field_name(loc: tuple[str | int, ...]) -> str:
    """Format a location like ``reactions.calm_down`` or ``options[2].id``."""
    name = ""
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else str(part)
    return name


def _unwrap(annotation: Any) -> Any:
    """Find the model class inside list[...], dict[..., ...], Optional[...], Annotated[...]."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (list, tuple, set, frozenset):
        return _unwrap(typing.get_args(annotation)[0])
    if origin is dict:
        return _unwrap(typing.get_args(annotation)[1])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _unwrap(arg)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
    return annotation


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] = model
    for part in loc:
        if issubclass(current, RootModel):  # ``part`` is a key of the root mapping or list
            inner = _unwrap(current.model_fields["root"].annotation)
            if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
                return None
            current = inner
            continue
        if isinstance(part, int) or part not in current.model_fields:
            continue
        inner = _unwrap(current.model_fields[part].annotation)
        if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
            return None
        current = inner
    return current


def _expected_for_type(kind: str, error: ErrorDetails) -> str | None:  # noqa: PLR0911
    ctx: dict[str, Any] = dict(error.get("ctx", {}))
    got = _shown(error.get("input"))
    if kind in ("enum", "literal_error"):
        return f"expected one of {ctx.get('expected', '')}, got {got}"
    bounds = {
        "greater_than_equal": ("at least", "ge"),
        "less_than_equal": ("at most", "le"),
        "greater_than": ("more than", "gt"),
        "less_than": ("less than", "lt"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        limit = ctx.get(key)
        shown = f"{limit:g}" if isinstance(limit, float) else str(limit)
        return f"expected a number {words} {shown}, got {got}"
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        whole = "a whole number" if kind.startswith("int") else "a number"
        return f"expected {whole}, got {got}"
    if kind in ("string_type",):
        return f"expected text, got {got}"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false, got {got}"
    if kind == "list_type":
        return f"expected a list (lines starting with '- '), got {got}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping (key: value lines), got {got}"
    if kind in ("too_short", "too_long"):
        bound = "at least" if kind == "too_short" else "at most"
        limit = ctx.get("min_length" if kind == "too_short" else "max_length")
        return f"expected {bound} {limit} item(s), got {ctx.get('actual_length')}"
    if kind == "string_too_short":
        return "expected non-empty text"
    if kind == "string_pattern_mismatch":
        return f"expected a lowercase id (letters, digits, underscores), got {got}"
    return None


def describe(error: ErrorDetails, model: type[BaseModel]) -> str:
    """Say what was expected, in words a coach editing YAML understands."""
    kind = error["type"]
    if kind == "missing":
        return "missing; expected this required field"
    if kind == "extra_forbidden":
        owner = _model_at(model, tuple(error["loc"])[:-1])
        allowed = ", ".join(owner.model_fields) if owner is not None else ""
        return f"unknown field; expected one of: {allowed}" if allowed else "unknown field"
    if kind == "value_error":
        exc = error.get("ctx", {}).get("error")
        return str(exc) if exc is not None else error["msg"]
    if "[key]" in error["loc"] and kind == "enum":
        return (
            f"unknown key {_shown(error.get('input'))}; expected one of {error['ctx']['expected']}"
        )
    return _expected_for_type(kind, error) or error["msg"]
