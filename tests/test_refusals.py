"""Hostile and broken input, second round: nothing runs (in the library either), nothing hangs,
--out destroys nothing, every error is one clear line.

In-process (cli.main, the library's functions) wherever a real process is not needed; the
signal test, which needs one, is in test_hostile.py beside the kill tests.
"""

from __future__ import annotations

import os
import stat
import sys
import time

import pytest
from sympy import Add, Integer, Rational, Symbol, diff, sin, sqrt

from commandline import run_cli
from derive import cli
import derive
from derive.readers import text as parse_module
from derive.readers.inputs import BadExpression
from derive.readers.latex import LatexError, parse_latex
from derive.readers.text import ParseError, parse
from slow import endless

x = Symbol("x")

# The events that would show the text ran: a shell, a process, a write anywhere.
RAN = ("os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "subprocess.Popen", "exec")
_EVENTS: list = []
_WATCHING = [False]


def _hook(event, args):
    if _WATCHING[0] and (event in RAN or event.startswith("os.exec")):
        _EVENTS.append((event, repr(args)[:100]))


sys.addaudithook(_hook)  # records only while switched on




def assert_one_line(code, err, *words, exit_code=2):
    assert code == exit_code, (code, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("derive: error:"), err
    assert "Traceback" not in err and "internal error" not in err
    for word in words:
        assert word in err, (word, err)


# --------------------------------------------------------------------------------------------
# 1. The library never hands text to SymPy's sympify


PAYLOAD = "__import__('os').system('touch {marker}')"


@pytest.mark.parametrize("place", ["expression", "variable"])
def test_the_library_reads_text_through_the_whitelist_and_runs_nothing(place, tmp_path):
    marker = tmp_path / "pwned"
    text = PAYLOAD.format(marker=marker)
    arguments = (text, x) if place == "expression" else (x**2, text)
    derive.differentiate(x**2, x)  # the library's own modules are imported on first use: before watching
    _EVENTS.clear()
    _WATCHING[0] = True
    try:
        with pytest.raises(BadExpression, match="__import__"):
            derive.differentiate(*arguments)
    finally:
        _WATCHING[0] = False
    assert not marker.exists() and _EVENTS == []


def test_the_library_takes_text_the_whitelist_reads():
    derivation = derive.differentiate("x**2*sin(x)", "x")
    assert derivation.verified and (derivation.result - diff(x**2 * sin(x), x)).expand() == 0


class Hostile:
    """Every method raises, and it claims to be a SymPy Symbol."""

    calls: list = []

    def __getattribute__(self, name):
        if name == "__class__":
            return Symbol
        Hostile.calls.append(name)
        raise RuntimeError(f"{name} was called")

    def __str__(self):
        raise RuntimeError("__str__ was called")

    __repr__ = __hash__ = __eq__ = __iter__ = __len__ = __bool__ = __index__ = __float__ = __str__


@pytest.mark.parametrize("make, words", [  # made in the test: pytest would touch a Hostile to name the case
    (Hostile, "not Hostile"),
    (lambda: b"x**2", "not bytes"),
    (lambda: None, "not NoneType"),
    (lambda: [x], "not list"),
    (lambda: True, "truth value"),
    (lambda: float("nan"), "finite"),
    (lambda: 10**5000, "digits"),
    (lambda: Integer(10)**999 * Integer(10)**999 * Integer(10)**999 * x, "digits"),
    (lambda: "x" + "+x" * 50000, "characters"),
], ids=["hostile", "bytes", "none", "list", "bool", "nan", "huge-int", "huge-number", "long-text"])
def test_hostile_objects_are_refused_by_their_type_or_size(make, words):
    value = make()
    Hostile.calls.clear()
    started = time.monotonic()
    for arguments in ((value, x), (x**2, value)):
        with pytest.raises(BadExpression, match=words if arguments[0] is value else None):
            derive.differentiate(*arguments, check=False)
    assert Hostile.calls == []  # none of its methods ran
    assert time.monotonic() - started < 10


def test_a_deep_tree_and_a_wide_one_are_refused():
    deep = x
    for _ in range(150):
        deep = sin(deep)
    with pytest.raises(BadExpression, match="nested more than"):
        derive.differentiate(deep, x, check=False)
    wide = Add(*(Symbol(f"a{n}") * x**n for n in range(8000)))
    with pytest.raises(BadExpression, match="parts"):
        derive.differentiate(wide, x, check=False)


def test_a_variable_must_be_a_symbol_or_indexed():
    for value in (x**2, Integer(3), Symbol("k", integer=True), "x + 1"):
        with pytest.raises(BadExpression):
            derive.differentiate(x**2, value, check=False)
    with pytest.raises(ValueError, match="unknown route"):
        derive.differentiate(x**2, x, route="sideways")
    with pytest.raises(ValueError, match="unknown route"):
        derive.softmax(route=Hostile())


# --------------------------------------------------------------------------------------------
# 2. Bounds: a fast refusal where the input makes the work unbounded, one bound for the run


@pytest.mark.parametrize("text", ["sign(sin(exp(exp(20))))*x", "atan(cos(cosh(10**100)))*x",
                                  "Max(x, sin(exp(exp(30))))", "exp(-exp(20))*x", "2**exp(exp(9))*x"])
def test_a_constant_too_large_to_work_with_is_refused_at_once(text, capsys):
    started = time.monotonic()
    code, out, err = run_cli(["expr", text, "--wrt", "x"], capsys)
    assert_one_line(code, err, "a constant too")
    assert out == "" and time.monotonic() - started < 5


def test_reading_an_expression_has_a_time_bound(capsys, monkeypatch):
    """Heaviside(x**999) makes SymPy factor while the expression is built: the bound (5 s, here
    0.3 s to keep the test quick) ends it with one line, in the library and on the command line."""
    monkeypatch.setattr(parse_module, "READ_SECONDS", 0.3)
    started = time.monotonic()
    with pytest.raises(ParseError, match="not read: SymPy took longer than 0.3 s"):
        parse("Heaviside(x**999)")
    code, out, err = run_cli(["expr", "Heaviside(x**999)", "--wrt", "x"], capsys)
    assert_one_line(code, err, "not read")
    assert time.monotonic() - started < 10


def test_a_chain_of_definitions_that_doubles_is_refused_fast(tmp_path, capsys):
    lines = ["where A0 = x"] + [f"where A{n} = sin(A{n - 1}) + cos(A{n - 1})" for n in range(1, 41)]
    path = tmp_path / "chain.txt"
    path.write_text("\n".join(lines + ["Derivative(A40, x) = 0"]) + "\n")
    started = time.monotonic()
    code, _, err = run_cli(["check", str(path)], capsys)
    assert_one_line(code, err, "line 13:", "more than 10000 parts")
    assert time.monotonic() - started < 5


def test_a_line_that_unfolds_too_far_is_refused(tmp_path, capsys):
    lines = ["where A0 = x"] + [f"where A{n} = A{n - 1} * (A{n - 1} + 1)" for n in range(1, 12)]
    path = tmp_path / "wide.txt"
    path.write_text("\n".join(lines + ["Derivative(A11 * (A11 + 1), x) = 0"]) + "\n")
    code, _, err = run_cli(["check", str(path)], capsys)
    assert_one_line(code, err, "line 13, part 1:", "parts")


def test_every_command_has_one_bound_for_the_whole_run(monkeypatch, capsys):
    monkeypatch.setattr(cli, "RUN_SECONDS", 0.5)
    monkeypatch.setattr(derive, "softmax", endless)
    started = time.monotonic()
    code, out, err = run_cli(["softmax"], capsys)
    assert_one_line(code, err, "the command did not finish within 0.5 s")
    assert time.monotonic() - started < 10


# --------------------------------------------------------------------------------------------
# 3. --out: devices, FIFOs and links are never replaced; modes kept; long names; the target named


def out_argv(target) -> list[str]:
    return ["expr", "x**2", "--wrt", "x", "--format", "json", "--out", str(target)]


def test_a_fifo_is_written_into_not_replaced(tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there before the write
    try:
        code, out, err = run_cli(out_argv(fifo), capsys)
        received = b""
        while chunk := os.read(reader, 1 << 16):
            received += chunk
    finally:
        os.close(reader)
    assert code == 0 and err == "", err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert b'"schema": "derive.derivation/1"' in received and received.rstrip().endswith(b"}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_fifo_no_process_reads_is_refused_at_once(tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    started = time.monotonic()
    code, out, err = run_cli(out_argv(fifo), capsys)
    assert_one_line(code, err, f"cannot write {fifo}: no process reads the FIFO")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and time.monotonic() - started < 20


def test_a_character_device_is_written_into_not_replaced(tmp_path, capsys):
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the same device as /dev/null
    except (PermissionError, OSError):
        pytest.skip("making a device needs root")
    code, _, err = run_cli(out_argv(device), capsys)
    assert code == 0 and err == ""
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_a_symlink_is_followed_to_its_target(tmp_path, capsys):
    real, link, dangling = tmp_path / "real.json", tmp_path / "link.json", tmp_path / "dangling.json"
    real.write_text("old")
    link.symlink_to(real)
    dangling.symlink_to(tmp_path / "made.json")
    for target in (link, dangling):
        code, _, err = run_cli(out_argv(target), capsys)
        assert code == 0 and err == ""
        assert target.is_symlink()
    assert '"schema"' in real.read_text() and '"schema"' in (tmp_path / "made.json").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dangling.json", "link.json", "made.json", "real.json"]


def test_a_socket_or_a_link_loop_is_refused(tmp_path, capsys):
    loop = tmp_path / "loop"
    loop.symlink_to(tmp_path / "loop")
    code, _, err = run_cli(out_argv(loop), capsys)
    assert_one_line(code, err, f"cannot write {loop}")
    assert loop.is_symlink()


def test_an_existing_file_keeps_its_mode_and_a_new_one_gets_the_umasks(tmp_path, capsys):
    existing = tmp_path / "existing.json"
    existing.write_text("old")
    existing.chmod(0o640)
    code, _, _ = run_cli(out_argv(existing), capsys)
    assert code == 0 and stat.S_IMODE(existing.stat().st_mode) == 0o640
    previous = os.umask(0o027)
    try:
        code, _, _ = run_cli(out_argv(tmp_path / "new.json"), capsys)
    finally:
        os.umask(previous)
    assert code == 0 and stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640


def test_a_long_file_name_is_written(tmp_path, capsys):
    target = tmp_path / ("n" * 250 + ".json")
    code, _, err = run_cli(out_argv(target), capsys)
    assert code == 0 and err == ""
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_failed_write_names_the_target_not_the_temporary_file(tmp_path, capsys, monkeypatch):
    target = tmp_path / "out.json"

    def broken(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.os, "fsync", broken)
    code, _, err = run_cli(out_argv(target), capsys)
    assert_one_line(code, err, f"cannot write {target}: No space left on device")
    assert ".tmp" not in err and list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------------
# 4. What was an internal error is one clear line, exit 2


@pytest.mark.parametrize("argv, words", [
    (["expr", "x**(0*0**-1)", "--wrt", "x"], ["division by zero"]),
    (["expr", "z[i,k] + Derivative(z[i, k], z[k])", "--wrt", "x"], ["z is written with 2 index(es)"]),
    (["expr", "z[i, k]", "--wrt", "z[k]"], ["z is written with 2 index(es)"]),
    (["expr", "10**999*exp(10**999*exp(10**999*exp(10**999*exp(10**999*exp(x)))))", "--wrt", "x"], ["digits"]),
])
def test_former_internal_errors_are_one_line(argv, words, capsys):
    code, out, err = run_cli(argv, capsys)
    assert_one_line(code, err, *words)
    assert out == ""


def test_a_number_too_long_to_print_is_one_line(monkeypatch, capsys):
    def unprintable(*args, **kwargs):
        str(10**5000)

    monkeypatch.setattr(cli, "emit", unprintable)
    code, _, err = run_cli(["expr", "x", "--wrt", "x"], capsys)
    assert_one_line(code, err, "more digits than can be printed")


def test_deeply_nested_latex_is_refused(tmp_path, capsys):
    text = "\\sqrt" * 395 + "{x}"
    with pytest.raises(LatexError, match="nested too deeply"):
        parse_latex(text)
    path = tmp_path / "deep.tex"
    path.write_text("\\frac{d}{dx} x\n= " + text + "\n")
    code, _, err = run_cli(["check", str(path)], capsys)
    assert_one_line(code, err, "line 2", "nested too deeply")


def test_an_output_index_named_like_the_upstream_gradient_still_gives_code(capsys):
    code, out, err = run_cli(["softmax", "--output-index", "g", "--emit", "numpy"], capsys)
    assert code == 0 and err == "" and "def backward(" in out


# --------------------------------------------------------------------------------------------
# 5. Undefined everywhere: refused, never proven


@pytest.mark.parametrize("text", ["0**-1*x", "x/(sqrt(2)+sqrt(3)-sqrt(5+2*sqrt(6)))", "log(0)*x", "x/(x-x)",
                                  "x**2/(sin(1)**2+cos(1)**2-1)", "tan(pi/2)*x"])
def test_a_division_by_zero_is_refused(text, capsys):
    code, out, err = run_cli(["expr", text, "--wrt", "x"], capsys)
    assert code == 2 and out == "" and "PROVEN" not in out
    assert_one_line(code, err)
    assert "zero" in err or "undefined" in err


def test_the_library_refuses_a_division_by_zero_too():
    zero = sqrt(2) + sqrt(3) - sqrt(5 + 2 * sqrt(6))
    with pytest.raises(BadExpression, match="undefined everywhere"):
        derive.differentiate(x / zero, x)


@pytest.mark.parametrize("text", ["x/exp(200)", "x*exp(-200)", "x/(sqrt(2) - 1414213562373095/10**15)", "x/(pi - 3)"])
def test_a_tiny_constant_is_not_taken_for_zero(text):
    parse(text)  # read; its denominator is small, not 0


# --------------------------------------------------------------------------------------------
# 6. LaTeX: the n-th root is read as such; what is not understood is refused


@pytest.mark.parametrize("text, expected", [
    (r"\sqrt[3]{x}", x**Rational(1, 3)),
    (r"\sqrt[3]{x}^2", x**Rational(2, 3)),
    (r"\sqrt[n]{x + 1}", (x + 1)**(1 / Symbol("n"))),
    (r"\sqrt{x}", sqrt(x)),
])
def test_the_nth_root_is_read(text, expected):
    assert parse_latex(text) == expected


@pytest.mark.parametrize("text", [r"\sqrt[3]x", r"\sqrt[]{x}", r"\sqrt[3][x]", r"\sin^2 x", r"\log_2 x",
                                  r"\left| x \right|", r"x^2^3", r"\frac12"])
def test_latex_not_understood_is_refused(text):
    with pytest.raises(LatexError):
        parse_latex(text)


# --------------------------------------------------------------------------------------------
# 7. Names every format can show; escape sequences shown escaped


@pytest.mark.parametrize("name", ["__b__", "a_b", "_x", "b_", "if", "lambda", "b\x1b", "é"])
def test_a_name_a_format_cannot_show_is_refused_at_the_start(name, capsys, tmp_path):
    target = tmp_path / "out.tex"
    code, out, err = run_cli(["softmax", "--output-index", name, "--format", "latex", "--out", str(target)], capsys)
    assert_one_line(code, err, "not a name")
    assert not target.exists()


@pytest.mark.parametrize("text", ["a__b + x", "x*b_", "x__1_2"])
def test_a_name_latex_would_show_as_something_else_is_refused(text):
    with pytest.raises(ParseError, match="not a usable name"):
        parse(text)


@pytest.mark.parametrize("text, escaped", [
    ("x + '\x1b]0;pwned\x07'", "\\x1b]0;pwned\\x07"),  # sets the terminal's title
    ("x + '\x1b[2J'", "\\x1b[2J"),                  # clears the screen
    ("x + '\x9b2J'", "\\x9b2J"),                    # the same, as one C1 character
    ("x + '\u202e'", "\\u202e"),                    # turns the rest of the line around
    ("x +\n\x1b[31m", ""),                           # Python's own message names U+001B
])
def test_escape_sequences_are_shown_escaped(text, escaped, capsys, tmp_path):
    argvs = [["expr", "--wrt", "x", "--", text], ["expr", "x", f"--wrt={text}"],
             ["expr", "x", "--wrt", "x", "--out", str(tmp_path / text / "out")]]
    for argv in argvs:
        code, _, err = run_cli(argv, capsys)
        assert_one_line(code, err)
        assert not any(character in err.rstrip("\n") for character in "\x1b\x07\x9b\u202e\n"), repr(err)
        assert escaped in err


def test_a_check_line_is_shown_escaped_on_stderr(tmp_path, capsys):
    path = tmp_path / "slip.txt"
    path.write_text("Derivative(x**2, x)\n= '\x1b[2J'\n")
    code, _, err = run_cli(["check", str(path)], capsys)
    assert_one_line(code, err, "line 2", "\\x1b[2J")
    assert "\x1b" not in err


def test_shown_escapes_what_a_terminal_would_act_on():
    assert cli.shown("a\x1b[2Jb\nc\x07\udcff ü π") == "a\\x1b[2Jb\\nc\\x07\\udcff ü π"


# --------------------------------------------------------------------------------------------
# 8. Clear lines


def test_a_python_warning_never_reaches_the_user(capsys):
    code, _, err = run_cli(["expr", "1or x", "--wrt", "x"], capsys)
    assert_one_line(code, err, "invalid decimal literal")
    assert "Warning" not in err


def test_bytes_that_are_not_utf8_are_named(capsys):
    text = b"x + \xff".decode("utf-8", "surrogateescape")  # what Python makes of such an argv entry
    code, _, err = run_cli(["expr", text, "--wrt", "x"], capsys)
    assert_one_line(code, err, "not valid UTF-8")
    assert "surrogates" not in err


@pytest.mark.parametrize("text, terms", [
    ("+".join(f"x**{n}" for n in range(1, 301)), 300),
    ("1" + "-x" * 500, 2),
    ("*".join(f"a{n}" for n in range(300)) + "*x", 301),
    ("x" + "/y*z" * 200, 3),
])
def test_a_long_chain_of_one_operator_is_read(text, terms):
    expr = parse(text)
    assert len(expr.args) == terms


def test_deep_nesting_is_still_refused():
    with pytest.raises(ParseError, match="nested too deeply"):
        parse("-(" * 70 + "x" + ")" * 70)
    with pytest.raises(ParseError, match="nested too deeply"):
        parse("x**" * 70 + "x")
