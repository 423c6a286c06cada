"""Locate verbatim quotes in an article and compute their offsets.

Annotators never write character offsets: they copy a quote from the
article.  This module finds each quote in the article text and computes

* the character offsets ``start``/``end`` (Python ``str`` indices, i.e.
  Unicode code points, ``end`` exclusive), and
* the context of a W3C Web Annotation ``TextQuoteSelector``: ``prefix`` and
  ``suffix`` of up to :data:`CONTEXT` code points, clipped at the text edges.

Matching is exact and case-sensitive; nothing is ever normalized.  When a
quote is missing or ambiguous, :class:`QuoteError` explains what went wrong
and how to fix it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

__all__ = ["CONTEXT", "QuoteError", "Span", "locate", "occurrences"]

CONTEXT = 32
"""Code points of context kept on each side of a quote (prefix/suffix)."""

_SHOW = 20  # characters of context shown around each ambiguous occurrence
_MAX_LISTED = 20  # occurrences listed in full in an ambiguity message
_SCAN_BUDGET = 2_000_000  # max char comparisons for an exhaustive nearest scan

# Typographic characters paired with the ASCII character people type instead.
_TYPOGRAPHIC = {
    "\u2019": "'",
    "\u2018": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2212": "-",
    "\u2026": ".",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u2007": " ",
}


@dataclass(frozen=True)
class Span:
    """A located quote with its offsets and TextQuoteSelector context.

    Attributes
    ----------
    start : int
        Code-point offset of the first character (inclusive).
    end : int
        Code-point offset after the last character (exclusive);
        ``text[start:end] == exact``.
    exact : str
        The quote itself.
    prefix : str
        Up to :data:`CONTEXT` characters before ``start``.
    suffix : str
        Up to :data:`CONTEXT` characters after ``end``.
    """

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


class QuoteError(ValueError):
    """Raised when a quote can't be located.

    ``.message`` is a multi-line human text, ``.hint`` a one-line fix;
    ``str(err) == message + "\\n  fix: " + hint``.
    """

    def __init__(self, message: str, hint: str) -> None:
        self.message = message
        self.hint = hint
        super().__init__(f"{message}\n  fix: {hint}")


def occurrences(text: str, quote: str) -> list[int]:
    """All start offsets of quote in text, overlapping matches included, ascending.

    Parameters
    ----------
    text : str
        The text to search.
    quote : str
        The exact string to find; an empty quote has no occurrences.

    Returns
    -------
    list of int
        Code-point offsets where ``quote`` starts.

    Examples
    --------
    >>> occurrences("aaa", "aa")
    [0, 1]
    """
    if not quote:
        return []
    found: list[int] = []
    pos = text.find(quote)
    while pos != -1:
        found.append(pos)
        pos = text.find(quote, pos + 1)
    return found


def locate(text: str, quote: str, occurrence: int | None = None) -> Span:
    """Find quote in text. occurrence is 1-based and picks among several matches.

    Parameters
    ----------
    text : str
        The article text.
    quote : str
        A verbatim quote; matched exactly (case-sensitive, no normalization).
    occurrence : int, optional
        Which match to use (1-based) when the quote occurs several times.

    Returns
    -------
    Span
        Offsets, the quote and its prefix/suffix context.

    Raises
    ------
    QuoteError
        If the quote is empty, not found, ambiguous (several matches and no
        ``occurrence``) or ``occurrence`` is out of range.

    Examples
    --------
    >>> span = locate("The cat sat on the mat.", "sat")
    >>> span.start, span.end
    (8, 11)
    >>> span.prefix, span.suffix
    ('The cat ', ' on the mat.')
    >>> locate("a cat and a cat", "cat", occurrence=2).start
    12
    >>> locate("It’s here.", "It's here")
    Traceback (most recent call last):
    ...
    kg.builder.quotes.QuoteError: quote not found in the article: “It's here”
      nearest text at 0: “It’s here”
      first difference at character 3 of the quote: the quote has '\\'' (U+0027 APOSTROPHE) where the article has '’' (U+2019 RIGHT SINGLE QUOTATION MARK)
      fix: the article uses '’' (U+2019 RIGHT SINGLE QUOTATION MARK); copy the quote from the article byte for byte
    """
    if not quote or quote.isspace():
        raise QuoteError(
            "the quote is empty",
            "write the words of the article that state the fact",
        )
    if occurrence is not None and (isinstance(occurrence, bool) or not isinstance(occurrence, int)):
        raise QuoteError(
            f"occurrence must be a whole number (1, 2, …), got {occurrence!r}",
            "write `occurrence: K` with K a whole number, e.g. `occurrence: 2`",
        )

    starts = occurrences(text, quote)
    if not starts:
        raise _not_found(text, quote)

    count = len(starts)
    if occurrence is None:
        if count > 1:
            raise _ambiguous(text, quote, starts)
        occurrence = 1
    if not 1 <= occurrence <= count:
        if count == 1:
            raise QuoteError(
                f"occurrence {occurrence} is out of range: "
                f"the quote occurs only once in the article: {_show_quote(quote)}",
                "remove `occurrence` (the quote occurs only once)",
            )
        raise QuoteError(
            f"occurrence {occurrence} is out of range: "
            f"the quote occurs {count} times in the article: {_show_quote(quote)}",
            f"use `occurrence: K` with K from 1 to {count}",
        )

    start = starts[occurrence - 1]
    end = start + len(quote)
    return Span(
        start=start,
        end=end,
        exact=quote,
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


# ---------------------------------------------------------------- helpers


def _visible(s: str) -> str:
    """Make a snippet single-line by showing newlines as ⏎."""
    return s.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎")


def _show_quote(s: str) -> str:
    return f"“{_visible(s)}”"


def _describe(ch: str) -> str:
    """Describe one character, e.g. ``'’' (U+2019 RIGHT SINGLE QUOTATION MARK)``."""
    if ch == "'":
        shown = "\\'"
    elif ch == "\\":
        shown = "\\\\"
    elif ch.isspace() or unicodedata.category(ch).startswith("C"):
        shown = ch.encode("unicode_escape").decode("ascii")
    else:
        shown = ch
    name = unicodedata.name(ch, "<no name>")
    return f"'{shown}' (U+{ord(ch):04X} {name})"


def _ambiguous(text: str, quote: str, starts: list[int]) -> QuoteError:
    count = len(starts)
    lines = [f"the quote occurs {count} times in the article: {_show_quote(quote)}"]
    for number, start in enumerate(starts[:_MAX_LISTED], 1):
        end = start + len(quote)
        lo, hi = max(0, start - _SHOW), min(len(text), end + _SHOW)
        before = ("…" if lo > 0 else "") + text[lo:start]
        after = text[end:hi] + ("…" if hi < len(text) else "")
        lines.append(f"  #{number} at {start}: {_visible(before)}[{_visible(quote)}]{_visible(after)}")
    if count > _MAX_LISTED:
        lines.append(f"  … and {count - _MAX_LISTED} more")
    return QuoteError(
        "\n".join(lines),
        f"add `occurrence: K` (1 to {count}) or lengthen the quote so it occurs once",
    )


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n


def _longest_prefix_in(text: str, quote: str) -> int:
    """Largest k such that ``quote[:k]`` occurs in ``text`` (binary search)."""
    lo, hi = 0, len(quote)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if quote[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _distance(text: str, start: int, quote: str, skip: int = 0) -> int:
    """Differing characters between quote and the window at start (clipped)."""
    window = text[start + skip : start + len(quote)]
    rest = quote[skip:]
    return sum(map(str.__ne__, rest, window)) + len(rest) - len(window)


def _nearest(text: str, quote: str) -> int:
    """Start of the window most like quote (longest common prefix, then fewest
    differing characters, then earliest)."""
    if not text:
        return 0
    m = len(quote)
    lcp = _longest_prefix_in(text, quote)
    if lcp > 0:
        # Every occurrence of quote[:lcp] shares exactly lcp leading characters.
        candidates = occurrences(text, quote[:lcp])
        return min(candidates, key=lambda i: (_distance(text, i, quote, lcp), i))

    # No prefix in common anywhere: rank windows by differing characters.
    if len(text) * m <= _SCAN_BUDGET:
        candidates = list(range(len(text)))
    else:
        # Too long for an exhaustive scan: anchor on the first quote character
        # that occurs in the text, extended as far as it keeps matching.
        j = next((k for k, ch in enumerate(quote) if ch in text), None)
        if j is None:
            return 0
        anchor = quote[j : j + _longest_prefix_in(text, quote[j:])]
        candidates = sorted({max(0, p - j) for p in occurrences(text, anchor)})
    return min(candidates, key=lambda i: (_distance(text, i, quote), i))


def _not_found(text: str, quote: str) -> QuoteError:
    start = _nearest(text, quote)
    nearest = text[start : start + len(quote)]
    k = _common_prefix(quote, nearest)
    quote_char = _describe(quote[k])
    if k < len(nearest):
        article_char = _describe(nearest[k])
        typographic = _TYPOGRAPHIC.get(nearest[k]) == quote[k] or _TYPOGRAPHIC.get(quote[k]) == nearest[k]
    else:
        article_char = "the end of the text"
        typographic = False
    message = (
        f"quote not found in the article: {_show_quote(quote)}\n"
        f"  nearest text at {start}: {_show_quote(nearest)}\n"
        f"  first difference at character {k + 1} of the quote: "
        f"the quote has {quote_char} where the article has {article_char}"
    )
    if typographic:
        hint = f"the article uses {article_char}; copy the quote from the article byte for byte"
    else:
        hint = "copy the quote from the article byte for byte (the nearest text is shown above)"
    return QuoteError(message, hint)
