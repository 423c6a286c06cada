"""Tests for kg.quotes: locating verbatim quotes in an article."""

import doctest
from pathlib import Path

import pytest

import kg.builder.quotes
from kg.builder.quotes import CONTEXT, QuoteError, Span, locate, occurrences

ARTICLE_PATH = Path(__file__).resolve().parent.parent / "seeds" / "000_331be8963d56cd33.txt"


@pytest.fixture(scope="module")
def article() -> str:
    return ARTICLE_PATH.read_text(encoding="utf-8")


def test_unique_match_offsets_slice_back(article):
    quote = "a compete ceasefire"
    span = locate(article, quote)
    assert isinstance(span, Span)
    assert article[span.start : span.end] == quote
    assert span.exact == quote
    assert span.end - span.start == len(quote)
    assert span.start == article.index(quote)
    assert span.prefix == article[span.start - CONTEXT : span.start]
    assert span.suffix == article[span.end : span.end + CONTEXT]
    assert span == Span(
        start=1897,
        end=1916,
        exact=quote,
        prefix="e ceasefire and maintained that ",
        suffix=" is possible only when Ukraine’s",
    )


def test_prefix_suffix_exact_and_clipped_at_text_start(article):
    span = locate(article, "Astana (TDI)")
    assert span == Span(
        start=0,
        end=12,
        exact="Astana (TDI)",
        prefix="",
        suffix=": President of Kazakhstan, Qasym",
    )
    assert len(span.suffix) == CONTEXT

    span = locate(article, "President of Kazakhstan")
    assert span.start == 14
    assert span.prefix == "Astana (TDI): "


def test_suffix_clipped_at_text_end(article):
    span = locate(article, "deep into its territory.")
    assert span.end == len(article)
    assert span.suffix == ""
    assert span.prefix == "Russia’s oil and gas facilities "
    assert span.prefix == article[span.start - CONTEXT : span.start]


def test_prefix_suffix_small_text():
    span = locate("The cat sat on the mat.", "sat")
    assert (span.start, span.end) == (8, 11)
    assert span.prefix == "The cat "
    assert span.suffix == " on the mat."


def test_offsets_are_code_points():
    text = "🇷🇺 Putin and ’quoted’ text"
    span = locate(text, "Putin")
    assert span.start == 3
    assert text[span.start : span.end] == "Putin"


def test_overlapping_occurrences():
    assert occurrences("aaa", "aa") == [0, 1]
    assert occurrences("abcabc", "abc") == [0, 3]
    assert occurrences("abc", "x") == []
    assert occurrences("abc", "") == []


def test_ambiguous_quote_lists_occurrences(article):
    count = article.count("Russia")
    assert count == 11
    with pytest.raises(QuoteError) as info:
        locate(article, "Russia")
    err = info.value
    lines = err.message.splitlines()
    assert lines[0] == "the quote occurs 11 times in the article: “Russia”"
    assert len(lines) == 1 + 11
    assert lines[1] == "  #1 at 121: …nt Donald Trump and [Russia]n President Vladimir…"
    assert lines[2] == "  #2 at 161: …adimir Putin, where [Russia] agreed to a 30-day …"
    # newlines in the context are shown as ⏎
    assert lines[3] == "  #3 at 372: …egotiations between [Russia] and Ukraine.⏎Kazakh…"
    assert lines[11].startswith("  #11 at 2501: ")
    assert err.hint == "add `occurrence: K` (1 to 11) or lengthen the quote so it occurs once"
    assert str(err) == err.message + "\n  fix: " + err.hint
    assert isinstance(err, ValueError)


def test_ambiguous_context_without_ellipsis_at_text_edges():
    with pytest.raises(QuoteError) as info:
        locate("ab ab", "ab")
    assert info.value.message.splitlines() == [
        "the quote occurs 2 times in the article: “ab”",
        "  #1 at 0: [ab] ab",
        "  #2 at 3: ab [ab]",
    ]


def test_occurrence_picks_nth(article):
    starts = occurrences(article, "Russia")
    span = locate(article, "Russia", occurrence=2)
    assert span.start == starts[1] == 161
    assert article[span.start : span.end] == "Russia"
    assert locate(article, "Russia", occurrence=11).start == starts[-1]
    assert locate(article, "a compete ceasefire", occurrence=1).start == article.index("a compete ceasefire")


@pytest.mark.parametrize("occurrence", [0, -1, 12])
def test_occurrence_out_of_range(article, occurrence):
    with pytest.raises(QuoteError) as info:
        locate(article, "Russia", occurrence=occurrence)
    err = info.value
    assert err.message == (
        f"occurrence {occurrence} is out of range: the quote occurs 11 times in the article: “Russia”"
    )
    assert err.hint == "use `occurrence: K` with K from 1 to 11"


def test_occurrence_out_of_range_for_unique_quote(article):
    with pytest.raises(QuoteError) as info:
        locate(article, "a compete ceasefire", occurrence=2)
    err = info.value
    assert err.message == (
        "occurrence 2 is out of range: the quote occurs only once in the article: “a compete ceasefire”"
    )
    assert err.hint == "remove `occurrence` (the quote occurs only once)"


def test_occurrence_not_an_integer(article):
    with pytest.raises(QuoteError) as info:
        locate(article, "Russia", occurrence="2")
    assert info.value.message == "occurrence must be a whole number (1, 2, …), got '2'"


def test_straight_apostrophe_not_found(article):
    quote = "Ukraine's energy infrastructure"
    with pytest.raises(QuoteError) as info:
        locate(article, quote)
    err = info.value
    start = article.index("Ukraine’s energy infrastructure")
    assert start == 211
    assert err.message == (
        "quote not found in the article: “Ukraine's energy infrastructure”\n"
        "  nearest text at 211: “Ukraine’s energy infrastructure”\n"
        "  first difference at character 8 of the quote: the quote has "
        "'\\'' (U+0027 APOSTROPHE) where the article has "
        "'’' (U+2019 RIGHT SINGLE QUOTATION MARK)"
    )
    assert err.hint == (
        "the article uses '’' (U+2019 RIGHT SINGLE QUOTATION MARK); copy the quote from the article byte for byte"
    )
    assert str(err) == err.message + "\n  fix: " + err.hint


def test_typographic_hint_other_pairs():
    with pytest.raises(QuoteError) as info:
        locate("a 30\u2013day truce", "a 30-day truce")
    assert info.value.hint == ("the article uses '–' (U+2013 EN DASH); copy the quote from the article byte for byte")
    with pytest.raises(QuoteError) as info:
        locate("a\u00a0b c", "a b")
    assert info.value.hint == (
        "the article uses '\\xa0' (U+00A0 NO-BREAK SPACE); copy the quote from the article byte for byte"
    )


def test_case_sensitive_no_normalization(article):
    with pytest.raises(QuoteError) as info:
        locate(article, "a Compete ceasefire")
    err = info.value
    lines = err.message.splitlines()
    assert lines[1] == "  nearest text at 1897: “a compete ceasefire”"
    assert lines[2] == (
        "  first difference at character 3 of the quote: the quote has "
        "'C' (U+0043 LATIN CAPITAL LETTER C) where the article has "
        "'c' (U+0063 LATIN SMALL LETTER C)"
    )
    assert err.hint == "copy the quote from the article byte for byte (the nearest text is shown above)"


def test_quote_running_past_end_of_text(article):
    quote = "deep into its territory. And more"
    with pytest.raises(QuoteError) as info:
        locate(article, quote)
    err = info.value
    start = len(article) - len("deep into its territory.")
    assert err.message == (
        "quote not found in the article: “deep into its territory. And more”\n"
        f"  nearest text at {start}: “deep into its territory.”\n"
        "  first difference at character 25 of the quote: the quote has "
        "' ' (U+0020 SPACE) where the article has the end of the text"
    )
    assert err.hint == "copy the quote from the article byte for byte (the nearest text is shown above)"


def test_newline_in_quote_described():
    with pytest.raises(QuoteError) as info:
        locate("one two", "one\ntwo")
    lines = info.value.message.splitlines()
    assert lines[0] == "quote not found in the article: “one⏎two”"
    assert lines[2] == (
        "  first difference at character 4 of the quote: the quote has "
        "'\\n' (U+000A <no name>) where the article has ' ' (U+0020 SPACE)"
    )


@pytest.mark.parametrize("quote", ["", " ", "\n\t "])
def test_empty_quote(article, quote):
    with pytest.raises(QuoteError) as info:
        locate(article, quote)
    err = info.value
    assert err.message == "the quote is empty"
    assert err.hint == "write the words of the article that state the fact"
    assert str(err) == "the quote is empty\n  fix: write the words of the article that state the fact"


def test_not_found_in_long_text_finds_the_nearest_text(article):
    # speed on long texts is measured in bench/, not asserted here
    big = (article + "\n") * 40
    quote = "§" + article[500:799]
    with pytest.raises(QuoteError) as info:
        locate(big, quote)
    assert info.value.message.splitlines()[1].startswith("  nearest text at 499: ")


def test_module_doctests():
    result = doctest.testmod(kg.builder.quotes)
    assert result.attempted > 0
    assert result.failed == 0
