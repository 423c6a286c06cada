"""Reading an article for drafting, and the text it is matched in.

:func:`read_article` refuses what is not an article (empty, binary, not UTF-8) with a message saying so.
:func:`fold` makes the text that cues and names are matched in: the same length as the article (so an offset in
one is an offset in the other), lower case, without diacritics, with curly quotes and dashes made plain.

Examples
--------
>>> fold("Ukraine’s Zelenskyy — «Kyiv»")
"ukraine's zelenskyy - «kyiv»"
>>> [t.text for t in words("Russia’s 30-day pause, he said.")]
['Russia’s', '30-day', 'pause', 'he', 'said']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.builder.annotations import not_utf8
from kg.errors import InputError

_PLAIN = {"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‑": "-", "\u00a0": " "}
_WORD = re.compile(r"[\w@#][\w’'.\-]*[\w]|[\w@#]", re.UNICODE)


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in _PLAIN:
        return _PLAIN[c]
    base = unicodedata.normalize("NFKD", c)[:1] or c
    low = base.lower()
    return low if len(low) == 1 else c


def fold(text: str) -> str:
    """``text`` lower-cased, without diacritics, curly quotes and dashes made plain: one character for one."""
    return "".join(_fold_char(c) for c in text)


@dataclass(frozen=True)
class Word:
    """A word of the article: its text and its span [start, end)."""

    text: str
    start: int
    end: int


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words of ``text[start:end]`` (letters, digits, inner hyphens, apostrophes and dots; ``@handles``)."""
    stop = len(text) if end is None else end
    return [Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(text, start, stop)]


def read_article(path: Path) -> str:
    """The text of the article at ``path``; InputError if it is missing, empty, binary or not UTF-8."""
    shown = str(path)
    if not path.is_file():
        raise InputError("no such article", file=shown, hint="give the path of the article's text file (.txt)")
    data = path.read_bytes()
    if not data.strip():
        raise InputError(
            "the article is empty", file=shown, hint="a draft needs the article's text: save it into this file first"
        )
    if b"\x00" in data[:8192]:
        raise InputError(
            "the file is binary, not a text article (it holds NUL bytes)",
            file=shown,
            hint="save the article as plain text (UTF-8), for example copy its text into a .txt file",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        message, line = not_utf8(data, exc)
        raise InputError(
            message,
            file=shown,
            line=line,
            hint="convert it to UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8 FILE > NEW.txt) and draft that",
        ) from None
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t")
    if controls > max(8, len(text) // 100):
        raise InputError(
            f"the file is binary, not a text article ({controls} control characters)",
            file=shown,
            hint="save the article as plain text (UTF-8)",
        )
    return text
