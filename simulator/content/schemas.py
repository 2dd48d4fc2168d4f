"""JSON Schemas for content files, generated from the models for editors to check YAML."""

from __future__ import annotations

import json
from pathlib import Path

from simulator.content.loader import KINDS


def schema_texts() -> dict[str, str]:
    """Return ``{file name: schema JSON}`` for every kind of content file."""
    texts = {}
    for kind in KINDS:
        schema = kind.model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        texts[f"{kind.name}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return texts


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(folder: Path) -> list[str]:
    """Names of schema files in ``folder`` that are missing or differ from the models."""
    return [
        name
        for name, text in schema_texts().items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text
    ]
