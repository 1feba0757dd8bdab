"""Fuzzing the ways in: the expression reader, the LaTeX reader, check files, and the library's
public functions with hostile objects.

Whatever the input: exit status 0, 1 or 2 only; for 2 exactly one line on stderr; never a
traceback; a bound on time (each run) and on memory; nothing executed (an audit hook, PEP 578,
watches for a shell, a process, exec); nothing written anywhere but the --out target.

The suite runs a few examples of each (about 20 s in all). A longer campaign sets the number of
examples per test in the environment (and may run for hours):

    DERIVE_FUZZ_EXAMPLES=5000 python -m pytest -q tests/test_fuzz.py
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy import Abs, Basic, Integer, Max, Rational, Symbol, exp, log, pi, sin, sqrt

from derive import cli
import derive
from derive.readers.check_file import BadInput, read_script
from derive.readers.inputs import BadExpression
from derive.readers.latex import parse_latex
from derive.readers.text import ParseError, parse

CAMPAIGN = int(os.environ.get("DERIVE_FUZZ_EXAMPLES", "0"))
RUN_BOUND = 30.0  # seconds: each run of the command line (its own whole-run bound is set to this)
MEMORY_BOUND = 2 << 30  # bytes: the most the process may have grown to, whatever the input


def examples(default: int):
    """The suite draws the same examples every run (so CI repeats); a campaign draws new ones."""
    return settings(max_examples=CAMPAIGN or default, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck), derandomize=not CAMPAIGN)


# --------------------------------------------------------------------------------------------
# Watching: nothing runs, nothing is written


RAN = ("os.system", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty", "subprocess.Popen", "pty.spawn")
_WATCH: dict = {"on": False, "ran": [], "written": []}
WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _hook(event, args):
    if not _WATCH["on"]:
        return
    if event in RAN or event.startswith("os.exec"):
        _WATCH["ran"].append((event, repr(args)[:120]))
    elif event == "open" and len(args) >= 3:
        path, mode, flags = args[:3]
        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or \
                 (isinstance(flags, int) and flags & WRITING)
        if writes and not isinstance(path, int):
            _WATCH["written"].append(os.fsdecode(path))
    elif event in ("os.rename", "os.remove", "os.rmdir", "shutil.rmtree", "os.truncate", "os.chmod") \
            and not isinstance(args[0], int):  # an open file's descriptor: its opening was seen
        _WATCH["written"].append(os.fsdecode(args[0]))


sys.addaudithook(_hook)


@contextlib.contextmanager
def watched():
    _WATCH["ran"].clear()
    _WATCH["written"].clear()
    _WATCH["on"] = True
    try:
        yield _WATCH
    finally:
        _WATCH["on"] = False


def run(argv: list[str], directory: Path) -> tuple[int, str, str]:
    """cli.main in ``directory``, its output captured; asserts the rules every run keeps."""
    out, err = io.StringIO(), io.StringIO()
    before = os.getcwd()
    os.chdir(directory)
    started = time.monotonic()
    try:
        with watched() as seen, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                cli.main(argv)
                code = 0
            except SystemExit as exit:
                code = exit.code
    finally:
        os.chdir(before)
    elapsed = time.monotonic() - started
    error = err.getvalue()
    assert code in (0, 1, 2), (argv, code, error)
    assert "Traceback" not in error and "internal error" not in error, (argv, error)
    if code == 2:
        lines = error.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("derive: error:"), (argv, error)
    assert seen["ran"] == [], (argv, seen["ran"])
    assert elapsed < RUN_BOUND + 10, (argv, elapsed)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 < MEMORY_BOUND
    return code, out.getvalue(), error


@pytest.fixture(autouse=True)
def bounded_runs(monkeypatch):
    monkeypatch.setattr(cli, "RUN_SECONDS", RUN_BOUND)


# --------------------------------------------------------------------------------------------
# What is fed in


SYMPY_TOKENS = [
    "x", "y", "z[k]", "z[i, k]", "k", "L", "0", "1", "2", "0.5", "10**99", "9**9**9", "pi", "E",
    "+", "-", "*", "/", "**", "^", "(", ")", "[", "]", ",", " ", "exp(", "log(", "sqrt(", "sin(", "tan(",
    "Abs(", "sign(", "Heaviside(", "Max(", "Min(", "erf(", "Sum(", "(l, 1, L))", "Derivative(", "diff(",
    "KroneckerDelta(j, k)", "Piecewise((", ", x > 0)", ", True))", "<", "==", "&", "|",
    "__import__('os').system('touch ran')", "open('ran', 'w')", "lambda", ".", "'", "\"", ":=", ";", "\n",
    "\x1b[2J", "\x07", "\udcff", "\u202e", "é", "ｅｘｅｃ", "#", "\\", "1or", "0**-1", "exp(exp(20))",
]
LATEX_TOKENS = [
    "x", "y", "z_{i,k}", "z_k", "e^", "2", "3.5", "\\pi", "\\alpha", "+", "-", "\\cdot", "\\times", "/",
    "^", "_", "{", "}", "(", ")", "[", "]", "\\left(", "\\right)", "\\frac{", "}{", "\\sqrt", "\\sqrt[3]{",
    "\\sum_{l=1}^{L}", "\\partial", "\\frac{\\partial}{\\partial x}", "\\frac{d}{dx}", "\\delta_{jk}",
    "\\exp", "\\log", "\\sin", "\\,", "\\unknown", "\\input{/etc/passwd}", "\\write18{touch ran}", "%", "$",
    "&", "|", "'", "\x1b]0;t\x07", "\udcff", " ",
]
LINE_STARTS = ["", "= ", "where S[j] = ", "where A = ", "case j = k", "case j != k", "case j \\neq k", "# "]

FUNCTION_NAMES = ["exp", "log", "sqrt", "sin", "cos", "tanh", "atan", "erf", "Abs", "sign", "Heaviside"]
# Text the whitelist reads, so that derivations and checks run too (not only refusals).
grammar_text = st.recursive(
    st.sampled_from(["x", "y", "2", "1/3", "pi", "z[k]", "0", "10**99", "exp(exp(20))"]),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "**"]), inner).map(lambda t: f"({t[0]}){t[1]}({t[2]})"),
        st.tuples(st.sampled_from(FUNCTION_NAMES), inner).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(inner, inner).map(lambda t: f"Max({t[0]}, {t[1]})")),
    max_leaves=5)
sympy_text = st.one_of(st.lists(st.sampled_from(SYMPY_TOKENS), max_size=25).map("".join), st.text(max_size=60),
                       grammar_text)
latex_text = st.one_of(st.lists(st.sampled_from(LATEX_TOKENS), max_size=25).map("".join), st.text(max_size=60))
check_line = st.tuples(st.sampled_from(LINE_STARTS), st.one_of(sympy_text, latex_text)).map("".join)
check_file = st.one_of(
    st.lists(check_line, max_size=8).map("\n".join),
    st.lists(check_line, max_size=6).map(lambda lines: "\n".join(["Derivative(x**2*sin(x), x)", *lines])),
    st.lists(check_line, max_size=6).map(lambda lines: "\n".join(["\\frac{d}{dx} x^2", *lines])),
    st.lists(grammar_text, min_size=1, max_size=3).map(
        lambda lines: "\n".join(["Derivative(x**2*sin(x), x)", *(f"= {line}" for line in lines)])),
)


# --------------------------------------------------------------------------------------------
# The readers: only their own refusal, fast, nothing run


@examples(300)
@given(sympy_text)
def test_the_expression_reader_refuses_with_parse_error_only(text):
    started = time.monotonic()
    with watched() as seen:
        try:
            assert isinstance(parse(text), Basic)
        except ParseError:
            pass
    assert seen["ran"] == [] and seen["written"] == []
    assert time.monotonic() - started < 10


@examples(300)
@given(latex_text)
def test_the_latex_reader_refuses_with_parse_error_only(text):
    started = time.monotonic()
    with watched() as seen:
        try:
            assert isinstance(parse_latex(text), Basic)
        except ParseError:  # LatexError is a ParseError
            pass
    assert seen["ran"] == [] and seen["written"] == []
    assert time.monotonic() - started < 10


@examples(150)
@given(check_file, st.sampled_from(["auto", "sympy", "latex"]))
def test_the_check_file_reader_refuses_with_bad_input_only(text, syntax):
    started = time.monotonic()
    with watched() as seen:
        try:
            read_script(text, "fuzzed.txt", syntax)
        except BadInput:
            pass
    assert seen["ran"] == [] and seen["written"] == []
    assert time.monotonic() - started < 30


# --------------------------------------------------------------------------------------------
# The command line, whole


@examples(12)
@given(sympy_text, st.sampled_from(["x", "z[k]", "y"]), st.booleans())
def test_derive_expr_keeps_the_rules(text, wrt, to_file):
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        target = directory / "out.json"
        argv = ["expr", "--wrt", wrt, "--format", "json", *(["--out", str(target)] if to_file else []), "--", text]
        run(argv, directory)
        assert {path.name for path in directory.iterdir()} <= {"out.json"}
        written = {Path(path).resolve().parent for path in _WATCH["written"]}
        assert written <= {directory.resolve()}, _WATCH["written"]


@examples(12)
@given(latex_text)
def test_derive_check_of_a_latex_line_keeps_the_rules(text):
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        path = directory / "in.tex"
        path.write_text(f"\\frac{{d}}{{dx}} x^2\n= {text}\n", encoding="utf-8", errors="surrogateescape")
        run(["check", str(path)], directory)
        assert [p.name for p in directory.iterdir()] == ["in.tex"] and _WATCH["written"] == []


@examples(12)
@given(check_file)
def test_derive_check_keeps_the_rules(text):
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        path = directory / "in.txt"
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
        run(["check", str(path), "--format", "json"], directory)
        assert [p.name for p in directory.iterdir()] == ["in.txt"] and _WATCH["written"] == []


# --------------------------------------------------------------------------------------------
# The library, with hostile objects


class Raising:
    """An object every method of which raises."""

    def __getattribute__(self, name):
        raise RuntimeError(name)

    def __repr__(self):
        return "Raising()"  # for Hypothesis's report only; the library must not call it

    __str__ = __hash__ = __eq__ = __iter__ = __len__ = __bool__ = __index__ = __float__ = __getattribute__


def largest(a, b):
    """Max(a, b), or a where SymPy cannot even build it (Max of zoo, the log of 0: not comparable)."""
    try:
        return Max(a, b)
    except (ValueError, TypeError):
        return a


x, y = Symbol("x"), Symbol("y")
trees = st.recursive(
    st.sampled_from([x, y, Integer(0), Integer(2), Rational(1, 3), pi, Integer(10)**300]),
    lambda inner: st.one_of(
        st.builds(lambda a, b: a + b, inner, inner), st.builds(lambda a, b: a * b, inner, inner),
        st.builds(lambda a, b: a / b if b != 0 else a, inner, inner), st.builds(sin, inner), st.builds(exp, inner),
        st.builds(log, inner), st.builds(sqrt, inner), st.builds(Abs, inner), st.builds(largest, inner, inner)),
    max_leaves=6)
hostile = st.one_of(
    sympy_text, st.integers(min_value=-(10**5000), max_value=10**5000), st.floats(), st.binary(max_size=20),
    st.none(), st.booleans(), st.builds(Raising), st.lists(st.integers(), max_size=3), trees,
)


@examples(60)
@given(hostile, st.one_of(st.just(x), hostile))
def test_the_library_refuses_hostile_objects_clearly(expression, variable):
    started = time.monotonic()
    with watched() as seen:
        try:
            derivation = derive.differentiate(expression, variable, check=False)
            assert derivation.result is not None
        except (BadExpression, derive.DerivationError):
            pass
    assert seen["ran"] == [] and seen["written"] == []
    assert time.monotonic() - started < 90
