"""Literals from another store, in the form the local store shows them.

A SPARQL endpoint answers with the same values as the local store, but not always in the same lexical form: the
stores fold literals into a form of their own when they load them. Seen on the stores the tests run
(tests/test_endpoint_parity.py):

* Virtuoso 7 (Debian's ``virtuoso-opensource``): ``"true"^^xsd:boolean`` comes back as ``"1"``, ``"30.0"^^xsd:decimal``
  as ``"30"``, a day-time ``xsd:duration`` as its number of seconds in a double (``"P30D"`` as ``"2.592e+06"``,
  ``"PT1H30M"`` as ``"5400.0"``) and a year-month one as its number of months in an integer (``"P1Y2M"`` as
  ``"14"``), fractional seconds padded to milliseconds (``"12:00:00.5"`` as ``"12:00:00.500"``);
* Oxigraph: ``"30.0"^^xsd:decimal`` as ``"30"``, ``"007"^^xsd:integer`` as ``"7"``, the integer types derived
  from ``xsd:integer`` as ``xsd:integer`` and ``xsd:dateTimeStamp`` as ``xsd:dateTime`` (same lexical forms).

:func:`canonical` gives the form ``kg build`` writes and the local store prints: ``true``/``false``, a decimal with
at least one digit after its point (``30.0``), an integer without leading zeros, a duration in rdflib's form
(``P30D``, ``P1DT6H`` for 30 hours, ``P1Y2M``: rdflib reads the build so), fractional seconds without trailing
zeros; dates, times and zones otherwise as the store gave them. A form it does not know is
returned as written; nothing here raises. (A datatype a store changed, e.g. Oxigraph's ``xsd:integer`` for an
``xsd:positiveInteger``, cannot be told back from the answer: only the lexical form is made canonical.)

:func:`literal` makes the rdflib term, without rdflib's logged traceback for a form it cannot convert.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from decimal import Decimal

from rdflib import Literal, URIRef

from kg.namespaces import XSD as _XSD_NAMESPACE

XSD = str(_XSD_NAMESPACE)

_INTEGERS = frozenset(
    XSD + name
    for name in (
        "integer",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)
_DECIMAL_FORM = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_INTEGER_FORM = re.compile(r"[+-]?\d+")
_DOUBLE_FORM = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DURATION_FORM = re.compile(r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?")
_FRACTION = re.compile(r"(T?\d\d:\d\d:\d\d)\.(\d+)")
_TIMES = frozenset(XSD + name for name in ("dateTime", "dateTimeStamp", "time"))


def canonical(lexical: str, datatype: str | None) -> str:
    """``lexical`` of ``datatype`` (a full IRI, or None) in the form the local store shows; else as written.

    >>> B, D, DUR = XSD + "boolean", XSD + "decimal", XSD + "duration"
    >>> [canonical(v, B) for v in ("1", "0", "true", "false", "yes")]
    ['true', 'false', 'true', 'false', 'yes']
    >>> [canonical(v, D) for v in ("30", "30.0", "30.50", "-0.5", "+007.", ".5", "-0", "3O")]
    ['30.0', '30.0', '30.5', '-0.5', '7.0', '0.5', '0.0', '3O']
    >>> [canonical(v, XSD + "nonNegativeInteger") for v in ("007", "+3", "-0", "x")]
    ['7', '3', '0', 'x']
    >>> [canonical(v, DUR) for v in ("2.592e+06", "108000.0", "5400.0", "-259200.0", "0.5", "0.0")]
    ['P30D', 'P1DT6H', 'PT1H30M', '-P3D', 'PT0.5S', 'P0D']
    >>> [canonical(v, DUR) for v in ("14", "1", "-12", "P30D", "PT30H", "P14M", "soon")]
    ['P1Y2M', 'P1M', '-P1Y', 'P30D', 'P1DT6H', 'P1Y2M', 'soon']
    >>> [canonical(v, XSD + "dateTime") for v in ("2025-03-18T12:00:00.500+03:00", "2025-03-18T12:00:00.000Z")]
    ['2025-03-18T12:00:00.5+03:00', '2025-03-18T12:00:00Z']
    >>> [canonical(v, XSD + "date") for v in ("2025-03-18", "2025-03-18Z", "2025-03-18+03:00")]
    ['2025-03-18', '2025-03-18Z', '2025-03-18+03:00']
    >>> [canonical(v, XSD + "double") for v in ("1000.0", "1000", "2.592e+06", "INF", "1e400", "x")]
    ['1000.0', '1000.0', '2592000.0', 'INF', 'INF', 'x']
    >>> canonical("2024-05", XSD + "gYearMonth"), canonical("1", None), canonical("1", XSD + "string")
    ('2024-05', '1', '1')
    """
    try:
        text = lexical.strip()
        if datatype == XSD + "boolean":
            return {"1": "true", "0": "false", "true": "true", "false": "false"}.get(text, lexical)
        if datatype == XSD + "decimal":
            return _decimal(text) if _DECIMAL_FORM.fullmatch(text) else lexical
        if datatype in _INTEGERS:
            return str(int(text)) if _INTEGER_FORM.fullmatch(text) else lexical
        if datatype in (XSD + "double", XSD + "float"):
            return _double(text) if _DOUBLE_FORM.fullmatch(text) else lexical
        if datatype == XSD + "duration":
            return _duration(text, lexical)
        if datatype in _TIMES:
            return _FRACTION.sub(_fraction, text)
    except (ValueError, ArithmeticError, OverflowError):  # a form the rules above let through but cannot convert
        return lexical
    return lexical


def _decimal(text: str) -> str:
    """XSD 1.0's canonical decimal: no leading or trailing zeros, and at least one digit either side of the point."""
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("+-").partition(".")
    whole, fraction = whole.lstrip("0") or "0", fraction.rstrip("0") or "0"
    return f"{'' if whole == fraction == '0' else sign}{whole}.{fraction}"


def _double(text: str) -> str:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        return "INF" if value > 0 else "-INF"
    return repr(value)


def _duration(text: str, lexical: str) -> str:
    """An ``xsd:duration`` in rdflib's form, which the local store shows (``PT30H`` as ``P1DT6H``); Virtuoso's
    number of months (an integer) or of seconds (a double) first written as the duration it stands for."""
    if _DURATION_FORM.fullmatch(text):
        form = text
    elif _INTEGER_FORM.fullmatch(text):  # Virtuoso: a year-month duration as its number of months
        form = f"{'-' if text.startswith('-') else ''}P{abs(int(text))}M"
    elif _DOUBLE_FORM.fullmatch(text):  # Virtuoso: a day-time duration as its number of seconds
        seconds = Decimal(repr(float(text)))
        if not seconds.is_finite():
            return lexical
        form = f"{'-' if seconds < 0 else ''}PT{format(abs(seconds), 'f')}S"
    else:
        return lexical
    with quiet_literals():
        value = Literal(form, datatype=URIRef(XSD + "duration"), normalize=True)
    return str(value) if value.value is not None else lexical


def _fraction(match: re.Match[str]) -> str:
    digits = match.group(2).rstrip("0")
    return f"{match.group(1)}.{digits}" if digits else match.group(1)


class _Unconverted(logging.Filter):
    """rdflib's warning (with a traceback) for a literal whose form does not convert to a Python value."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal lexical form")


@contextlib.contextmanager
def quiet_literals() -> Iterator[None]:
    """While it lasts, rdflib keeps each literal's form as given (no normalizing: ``"maybe"^^xsd:boolean`` stays
    ``maybe``, not ``false``) and neither logs a traceback nor warns for a form it cannot convert (the literal's
    Python value is then None)."""
    import warnings

    import rdflib

    logger, silence, normalize = logging.getLogger("rdflib.term"), _Unconverted(), rdflib.NORMALIZE_LITERALS
    logger.addFilter(silence)
    rdflib.NORMALIZE_LITERALS = False
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module="rdflib")
            yield
    finally:
        rdflib.NORMALIZE_LITERALS = normalize
        logger.removeFilter(silence)


def literal(lexical: str, datatype: str | None = None, lang: str | None = None) -> Literal:
    """The rdflib literal of a store's answer, its form made :func:`canonical`; ``xsd:string`` as a plain literal.

    >>> literal("2.592e+06", XSD + "duration")
    rdflib.term.Literal('P30D', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#duration'))
    >>> literal("soon", XSD + "duration").toPython()
    rdflib.term.Literal('soon', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#duration'))
    >>> literal("maybe", XSD + "boolean"), literal("108000.0", XSD + "duration")
    (rdflib.term.Literal('maybe', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#boolean')), rdflib.term.Literal('P1DT6H', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#duration')))
    >>> literal("x", XSD + "string") == Literal("x"), literal("x", lang="en").language
    (True, 'en')
    """
    if lang:
        return Literal(lexical, lang=lang)
    if datatype is None or datatype == XSD + "string":
        return Literal(lexical)
    with quiet_literals():
        return Literal(canonical(lexical, datatype), datatype=URIRef(datatype))


def canonical_literal(term: Literal) -> Literal:
    """``term`` with its form made :func:`canonical` (the same term when nothing changes)."""
    if term.datatype is None:
        return term
    form = canonical(str(term), str(term.datatype))
    if form == str(term):
        return term
    with quiet_literals():
        return Literal(form, datatype=term.datatype)
