"""Untrusted text (a trainee's, a coach's, a model's) made safe to show.

Every page and export that shows such text in Markdown or a spreadsheet goes through here:
Markdown gets no raw HTML, no images, no links and no formatting from what someone typed;
a spreadsheet cell never starts a formula.
"""

from __future__ import annotations

import html
import re

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#!|~])")
_SCHEME = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*):(?=//)")
_HOST = re.compile(r"(?<![\w.-])[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}\b")
"""A host name as linkifiers see one (``example.com``, ``www.a.example``, the part of an
email address after the @): its last label is two or more letters."""
_ZERO_WIDTH = "\u200b"
_SPACE = re.compile(r"\s+")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def markdown_text(text: str) -> str:
    """``text`` as Markdown that renders exactly as typed, on one line.

    HTML is escaped, Markdown punctuation is backslash-escaped (so ``![x](url)`` shows as
    typed and loads nothing), a scheme's colon gets a zero-width space and a host name's
    dots and an email's @ a backslash, so renderers that link addresses on their own
    (GitHub-flavoured ones, linkify) see none; line breaks become spaces so no line starts a
    heading or a list. The escapes render as the characters typed.
    """
    plain = html.escape(_SPACE.sub(" ", text), quote=False)
    plain = _SCHEME.sub(lambda m: f"{m.group(1)}{_ZERO_WIDTH}:", plain)
    plain = _MARKDOWN_PUNCTUATION.sub(r"\\\1", plain)
    plain = _HOST.sub(lambda m: m.group(0).replace(".", "\\."), plain)
    return plain.replace("@", "\\@")


def spreadsheet_cell(value: object) -> object:
    """A CSV value that a spreadsheet shows as text: one starting a formula gets a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def storable_text(text: str) -> str:
    """Text every database accepts, kept as typed otherwise.

    Lone surrogates (bytes that were not UTF-8) become U+FFFD; control characters other than
    tab and line breaks, NUL among them, are removed.
    """
    return _CONTROL.sub("", _SURROGATE.sub("\ufffd", text))
