"""Token counting that works offline.

tiktoken downloads its encoding files on first use, which fails without network. The
``bpe-openai`` package ships the exact o200k_base and cl100k_base files (same sha256 as
tiktoken expects), so they are copied into tiktoken's cache under the names it looks for.
A model tiktoken does not know is counted with an estimate, with a one-time warning.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import os
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from simulator.storage.config import data_dir

BLOB = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
SHIPPED = ("o200k_base", "cl100k_base")
CHARS_PER_TOKEN = 4.0


class Encoder(Protocol):
    """The part of a tiktoken encoding used here."""

    def encode(self, text: str, *, disallowed_special: tuple[str, ...] = ()) -> list[int]:
        """Token ids of ``text``."""
        ...


def cache_dir() -> Path:
    """TIKTOKEN_CACHE_DIR if set, else a folder in Defuse's data folder (and set it)."""
    folder = os.environ.get("TIKTOKEN_CACHE_DIR") or str(data_dir() / "tiktoken")
    os.environ["TIKTOKEN_CACHE_DIR"] = folder
    return Path(folder)


def seed_cache() -> Path:
    """Copy the shipped encoding files into tiktoken's cache; return the cache folder."""
    folder = cache_dir()
    spec = importlib.util.find_spec("bpe_openai")  # found, not imported: only its files are used
    if spec is None or not spec.submodule_search_locations:
        return folder
    source = Path(next(iter(spec.submodule_search_locations))) / "data"
    folder.mkdir(parents=True, exist_ok=True)
    for name in SHIPPED:
        target = folder / hashlib.sha1(BLOB.format(name=name).encode()).hexdigest()
        packed = source / f"{name}.tiktoken.gz"
        if not target.exists() and packed.exists():
            target.write_bytes(gzip.decompress(packed.read_bytes()))
    return folder


@lru_cache(maxsize=16)
def encoder_for(model: str) -> Encoder | None:
    """The tiktoken encoding for a model name, or None (with a warning) when unknown."""
    seed_cache()
    try:
        import tiktoken  # noqa: PLC0415 - optional extra
    except ImportError:
        warnings.warn("tiktoken is not installed; token counts are estimates", stacklevel=2)
        return None
    name = model.split(":", 1)[-1]
    try:
        return tiktoken.encoding_for_model(name)
    except KeyError:
        warnings.warn(
            f"tiktoken does not know the model {name!r}; token counts are estimates "
            f"({CHARS_PER_TOKEN:g} characters a token)",
            stacklevel=2,
        )
        return None


def count(text: str, model: str) -> int:
    """Tokens in ``text`` for ``model`` (exact with tiktoken, else an estimate)."""
    encoder = encoder_for(model)
    if encoder is None:
        return max(1, round(len(text) / CHARS_PER_TOKEN)) if text else 0
    return len(encoder.encode(text, disallowed_special=()))
