"""The annotation reader and the builder, fuzzed: a damaged annotation file is a clear error, never a crash.

Hypothesis starts from the seed's annotation file (copied into a project of its own, as ``kg build`` finds it
in a user's ``seeds/``) and damages it: lines deleted, duplicated, swapped or indented with a tab, values
and keys replaced with random text, numbers, dates and YAML's specials (anchors, aliases, tags, complex keys, quotes,
huge numbers, unicode), the file cut short. ``kg build`` (in this process) then builds it over an output folder
holding a good build, and must:

* exit with 0, 1 (SHACL violations) or 2 (bad input), never 3 (the catch-all of an error kg did not foresee),
  never a traceback;
* on 2, name the annotation file and a line (``seeds/NAME.yaml:LINE: ...``);
* on 1 or 2, leave the previous outputs as they were, byte for byte.

The run is bounded and reproducible: a fixed number of examples, derandomized (the same examples on every run;
a failure prints the operations that produced it). ``KG_FUZZ_EXAMPLES=2000`` runs more of them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import SEED_YAML, kg_main, own_seeds
from hypothesis import HealthCheck, given, settings, strategies as st

GOOD_LINES = SEED_YAML.read_text(encoding="utf-8").splitlines(keepends=True)
NAME = f"seeds/{SEED_YAML.name}"
WHERE = re.compile(rf"{re.escape(NAME)}:\d+: ")

#: what YAML reads in a special way, and values the builder may not expect
SPECIALS = [
    "&a",
    "*a",
    "&a [1, 2]",
    "*nope",
    "!!python/object/apply:os.system [ls]",
    "!!binary AAAA",
    "!!str 12",
    "!!int x",
    "!!float x",
    "!!timestamp x",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!map {a: 1}",
    "!<tag:example.org,2000:x> y",
    "? [a, b]",
    "? {a: 1}",
    "[a, b]",
    "{a: 1}",
    "[]",
    "{}",
    "{",
    "[",
    "]",
    "|",
    ">-",
    "~",
    "null",
    ".nan",
    ".inf",
    "-.inf",
    "yes",
    "no",
    "on",
    "0x1F",
    "0o17",
    "1e400",
    "1_000",
    str(10**400),
    "-1",
    "0",
    "2025-02-30",
    "2025-13-01",
    "2025-03-18T25:00:00",
    "2025-03-18",
    "0001-01-01",
    "9999-12-31",
    "'unclosed",
    '"unclosed',
    "'it''s'",
    '"\\x00"',
    '"\\u2028"',
    '"\\N"',
    "\t",
    "\ttab",
    "é",
    "\u202e",
    "\ufeff",
    "💥",
    "%YAML 1.1",
    "---",
    "...",
    "#",
    "- a",
    "<<: *a",
    "<<: {a: 1}",
    ": x",
    "@x",
    "`x",
    "%",
    ".",
    "./",
    "../../etc/passwd",
    "/dev/zero",
]

#: the values the seed's file holds (ids, names, quotes, dates...), to put where another is expected
FILE_VALUES = sorted(
    {v.strip() for v in (m.group(1) for m in map(re.compile(r"^[^#]*?: (.+)$").match, GOOD_LINES) if m) if v.strip()}
)

values = st.one_of(
    st.sampled_from(SPECIALS),
    st.sampled_from(FILE_VALUES),
    st.text(max_size=30),
    st.text(max_size=30).map(json.dumps),  # any text, quoted: valid YAML that holds it
    st.integers(-(10**30), 10**30).map(str),
    st.dates().map(str),
    st.floats().map(repr),
)
line = st.integers(0, len(GOOD_LINES) - 1)
operation = st.one_of(
    st.tuples(st.just("delete"), line),
    st.tuples(st.just("duplicate"), line),
    st.tuples(st.just("swap"), line, line),
    st.tuples(st.just("value"), line, values),
    st.tuples(st.just("insert"), line, values),
    st.tuples(st.just("key"), line, values),
    st.tuples(st.just("tab"), line),
    st.tuples(st.just("alias"), line, line),
)


def _value_at(text: str) -> int | None:
    """Where the value of a line begins (after 'key: ' or '- '), or None."""
    found = re.match(r"\s*(?:- )?[^:#\n]*?:(?: |$)|\s*- ", text)
    return found.end() if found else None


def mutate(ops: list[tuple], cut: float | None) -> bytes:
    lines = list(GOOD_LINES)
    for op in ops:
        kind, i = op[0], op[1] % len(lines)
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = op[2] % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "value":
            at = _value_at(lines[i])
            head = lines[i][:at].rstrip("\n") if at is not None else lines[i].rstrip("\n") + " "
            lines[i] = head + op[2] + "\n"
        elif kind == "key":  # another key: 'label: x' becomes '12: x', '? [a]: x', '~: x'...
            found = re.match(r"(\s*(?:- )?)([^:#\n]+?)(:(?: |$))", lines[i])
            if found:
                lines[i] = found.group(1) + op[2] + lines[i][found.end(2) :]
        elif kind == "insert":
            indent = lines[i][: len(lines[i]) - len(lines[i].lstrip(" "))]
            lines.insert(i, indent + op[2] + "\n")
        elif kind == "tab":
            lines[i] = "\t" + lines[i].lstrip(" ")
        elif kind == "alias":  # an anchor on one value, an alias to it on another
            j = op[2] % len(lines)
            for k, mark in ((i, "&x "), (j, "*x")):
                at = _value_at(lines[k])
                if at is not None:
                    rest = "" if mark == "*x" else lines[k][at:]
                    lines[k] = lines[k][:at] + mark + rest + ("\n" if not rest.endswith("\n") else "")
    data = "".join(lines).encode("utf-8")
    if cut is not None:
        data = data[: int(len(data) * cut)]
    return data


@pytest.fixture(scope="module")
def project(seed_out, tmp_path_factory) -> Path:
    """A project holding the seed (``seeds/``) and, in ``good/``, a good build of it."""
    root = own_seeds(tmp_path_factory.mktemp("fuzz"))
    shutil.copytree(seed_out, root / "good")
    return root


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.mark.slow
@settings(
    max_examples=int(os.environ.get("KG_FUZZ_EXAMPLES", "300")),
    deadline=timedelta(seconds=30),
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(ops=st.lists(operation, min_size=1, max_size=4), cut=st.one_of(st.none(), st.floats(0, 1)))
def test_a_damaged_annotation_file_is_a_clear_error(project, ops, cut):
    annotation = project / NAME
    annotation.write_bytes(mutate(ops, cut))
    with tempfile.TemporaryDirectory(dir=project) as scratch:
        out = Path(scratch) / "out"
        shutil.copytree(project / "good", out)
        before = _snapshot(out)
        done = kg_main("build", NAME, "--out", out, cwd=project)
        shown = f"exit {done.returncode}\n{done.stderr[-3000:]}"
        assert done.returncode in (0, 1, 2), shown
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr, shown
        if done.returncode == 2:
            assert WHERE.search(done.stderr), f"no {NAME}:LINE in the message\n{shown}"
        if done.returncode != 0:
            assert _snapshot(out) == before, f"a failed build changed the outputs\n{shown}"
