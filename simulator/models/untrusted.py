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
_WWW = re.compile(r"(?i)\b(www)\.")
_EMAIL_AT = re.compile(r"(?<=[\w.+-])@(?=[\w-])")
_ZERO_WIDTH = "\u200b"
_SPACE = re.compile(r"\s+")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def markdown_text(text: str) -> str:
    """``text`` as Markdown that renders exactly as typed, on one line.

    HTML is escaped, Markdown punctuation is backslash-escaped (so ``![x](url)`` shows as
    typed and loads nothing), bare web and email addresses get a zero-width space so
    renderers that link them automatically (GitHub-flavoured ones link ``name@host.tld``)
    do not, and line breaks become spaces so no line starts a heading or a list.
    """
    plain = html.escape(_SPACE.sub(" ", text), quote=False)
    plain = _SCHEME.sub(lambda m: f"{m.group(1)}{_ZERO_WIDTH}:", plain)
    plain = _WWW.sub(lambda m: f"{m.group(1)}{_ZERO_WIDTH}.", plain)
    plain = _EMAIL_AT.sub(f"@{_ZERO_WIDTH}", plain)
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", plain)


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
