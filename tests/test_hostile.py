"""Hostile and broken input: nothing in the text ever runs, bombs are refused fast, and an output
file is never left half-written, even when the process is killed during the write.

Three ways in, each where it is most convincing:
- ``cli.main`` in the test process, for the long lists (every payload, every bomb, as EXPR and as
  --wrt: much faster), with the same assertions as on the real command line (exit code 2, nothing
  on stdout, one line on stderr, no traceback, no marker file, the working directory left empty)
  and an audit hook (PEP 578) that records what the interpreter does while the text is read:
  only ``compile`` (``ast.parse`` builds a tree) may happen, never ``exec``, ``open``,
  ``os.system``, an import or a subprocess;
- the real command line (``python -m derive.cli``, in a fresh process, with a timeout used only as a
  hang guard), where the process itself is what is tested: for a sample of the payloads and the
  bombs, the real exit code and the real stderr (no traceback), a marker file the payload would
  create does not exist afterwards and the working directory the command ran in stays empty;
  a time bound stopping real work; a process killed, or signalled, while it writes --out;
- ``derive.readers.text.parse`` directly, for input the operating system will not pass through argv
  (a single argument is limited to 128 KiB on Linux, so a megabyte of input is fed in-process).

Wall-clock time is never asserted tightly: the subprocess timeout (HANG_GUARD) only turns a
hang into a failure.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from derive import cli
from derive.readers.text import ParseError, parse, parse_variable

ROOT = Path(__file__).resolve().parent.parent
HANG_GUARD = 60  # seconds: a refusal takes well under one; this only stops a hang from stalling CI
MARKER = "MARKER"  # replaced by the absolute path of a file the payload would create if it ran

# Payloads that would create MARKER if any of their text were executed by Python.
MARKER_PAYLOADS = [
    "__import__('os').system('touch MARKER')",
    "__import__('pathlib').Path('MARKER').touch()",
    "open('MARKER', 'w')",
    "exp(open('MARKER', 'w').write('x'))",
    "exec(\"open('MARKER', 'w')\")",
    "eval(\"open('MARKER', 'w')\")",
    "(lambda: open('MARKER', 'w'))()",
    "[open('MARKER', 'w') for k in (1,)]",
    "x if open('MARKER', 'w') else y",
    "(y := open('MARKER', 'w'))",
    "log(x, open('MARKER', 'w'))",
    "log(x, base=open('MARKER', 'w'))",
    "exp(*[open('MARKER', 'w')])",
    "z[open('MARKER', 'w')]",
    "z[__import__('os').system('touch MARKER')]",
    "x**__import__('os').system('touch MARKER')",
    "f'{open(\"MARKER\", \"w\")}'",
    "().__class__.__base__.__subclasses__() or open('MARKER', 'w')",
    "getattr(__builtins__, 'open')('MARKER', 'w')",
    "x; open('MARKER', 'w')",
    "x\nopen('MARKER', 'w')",
]

# Other text that must be refused: attribute and dunder chains, lambdas, strings, statements,
# names that are not ours, names too long or not ASCII-safe, operators we do not read.
OTHER_PAYLOADS = [
    "x.__class__",
    "x.__class__.__mro__[-1].__subclasses__()",
    "().__class__.__bases__[0].__subclasses__()",
    "sin.__globals__",
    "exp(x).func(x)",
    "pi.evalf()",
    "x.real",
    "z[k].__class__",
    "getattr(x, '__class__')",
    "__builtins__",
    "__import__",
    "globals()",
    "vars()",
    "breakpoint()",
    "print(1)",
    "input()",
    "compile('1', 'f', 'eval')",
    "(lambda x: x)(1)",
    "lambda: 1",
    "'text'",
    "'text' + x",
    "b'bytes'",
    "{1: x}",
    "{x}",
    "[x, y]",
    "(x, y)",
    "x == y",
    "x < y",
    "not x",
    "x and y",
    "x @ y",
    "x & y",
    "x // y",
    "x % y",
    "~x",
    "z[1:2]",
    "z[True]",
    "z[-1]",
    "z[x + 1]",
    "sin[1]",
    "import os",
    "del x",
    "x = 1",
    "Symbol('x')",
    "sympify('x')",
    "S('x')",
    "parse_expr('x')",
    "factorial(x)",
    "_x + 1",
    "exp",
    "exp(x)(y)",
    "Max(x)",
    "Max(" + ", ".join(f"x{i}" for i in range(9)) + ")",
    "a" * (33),
    "a" * 1500,
    "ｅｘｅｃ('1')",          # fullwidth letters: Python reads the name as exec (NFKC)
    "__ｉｍｐｏｒｔ__('os')",
    "x\x0b+ 1 +",
    "",
    "   ",
    "x +",
    ")",
]

# Bombs, each with a word the one-line refusal must contain.
BOMBS = [
    ("9**9**9**9", "too large"),
    ("x**(10**10**10)", "too large"),
    ("factorial(10**9)", "unknown function"),
    ("2**(10**4)*x", "too large"),
    ("exp(10**6)*x", "too large"),
    ("1e999999*x", "too large"),
    ("1" * 1999, "digits"),
    ("(" * 5000 + "x" + ")" * 5000, "characters"),
    ("(" * 999 + "x" + ")" * 999, "brackets"),
    ("-(" * 100 + "x" + ")" * 100, "nested"),
    ("-" * 1999 + "x", "nested"),
    ("x**" * 500 + "x", "nested"),
    ("sin(" * 300 + "x" + ")" * 300, "brackets"),
    ("x" + "+x" * 50000, "characters"),  # 100 KB: under the 128 KiB a single argv entry may hold
    ("z[" * 300 + "k" + "]" * 300, "brackets"),
]

# Numbers with more digits than Python will print (4,300) once worked out: refused while reading.
PRINTER_BOMB_TEXTS = ["(1/10**99)**1000*x", "(10**300)**33*x", "10**999*10**999*10**999*10**999*10**999*x"]
PRINTER_BOMBS = [(PRINTER_BOMB_TEXTS[0], "too large"), (PRINTER_BOMB_TEXTS[1], "digits"),
                 (PRINTER_BOMB_TEXTS[2], "digits")]


def with_marker(payload: str, marker: Path) -> str:
    return payload.replace(MARKER, str(marker))


def expr_argv(text: str, position: str) -> list[str]:
    """`derive expr` with ``text`` as the EXPR or as the --wrt value; "--" and "--wrt=" keep a
    text that starts with "-" from being read as an option (it must reach the reader)."""
    return ["expr", "--wrt", "x", "--", text] if position == "expr" else ["expr", "x", f"--wrt={text}"]


def run_command(argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """The real command line in a fresh process, in ``cwd`` (the repository is on the path)."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "derive.cli", *argv], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=HANG_GUARD)


def assert_refused(code, out: str, err: str, *, named: str | None = None) -> None:
    assert code == 2, (code, out[:300], err[:300])
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("derive: error:"), err[:500]
    assert "Traceback" not in err and "internal error" not in err
    if named is not None:
        assert named in err, err


# --------------------------------------------------------------------------------------------
# The real command line, in fresh processes: a sample of the marker payloads, as EXPR and as
# --wrt (every payload goes through cli.main in-process below, with the same assertions)

# The three payloads the control below shows would create the marker if their text were executed.
REAL_PROCESS_PAYLOADS = MARKER_PAYLOADS[:3]


@pytest.mark.parametrize("position", ["expr", "wrt"])
@pytest.mark.parametrize("payload", REAL_PROCESS_PAYLOADS)
def test_an_injection_is_refused_and_nothing_runs(payload, position, tmp_path):
    """In a fresh process with an empty working directory of its own; the marker path lies
    outside that directory, which must stay empty."""
    directory = tmp_path / "cwd"
    directory.mkdir()
    marker = tmp_path / "ran"
    completed = run_command(expr_argv(with_marker(payload, marker), position), directory)
    assert_refused(completed.returncode, completed.stdout, completed.stderr)
    assert not marker.exists(), f"the payload ran: {payload!r}"
    assert list(directory.iterdir()) == [], "the command created files in its working directory"


@pytest.mark.parametrize("payload", MARKER_PAYLOADS[:3])
def test_the_markers_would_catch_a_run(payload, tmp_path):
    """A control: executed by Python, the same text does create the marker, so its absence above
    means the text was not executed (and not that the payload was a dud)."""
    marker = tmp_path / "ran"
    namespace = {"exp": lambda value: value, "x": 1, "y": 2, "z": {}}
    eval(with_marker(payload, marker), namespace)  # noqa: S307 -- deliberately, on our own payload, in a test
    assert marker.exists()


def test_the_console_script_refuses_too(tmp_path):
    script = shutil.which("derive")
    if script is None:
        pytest.skip("the derive console script is not installed")
    marker = tmp_path / "ran"
    completed = subprocess.run([script, "expr", f"__import__('os').system('touch {marker}')", "--wrt", "x"],
                               cwd=tmp_path, capture_output=True, text=True, timeout=HANG_GUARD)
    assert_refused(completed.returncode, completed.stdout, completed.stderr, named="__import__")
    assert not marker.exists()


# --------------------------------------------------------------------------------------------
# In-process: every payload through cli.main, with an audit hook watching the reader

_AUDIT = {"on": False, "events": []}


def _audit(event: str, args) -> None:
    if _AUDIT["on"]:
        _AUDIT["events"].append((event, repr(args)[:200]))


sys.addaudithook(_audit)  # audit hooks cannot be removed; this one records only while switched on

# What the interpreter may do while the text is read: compile (ast.parse builds a tree; it runs
# nothing). Anything else (exec, open, os.system, an import, a subprocess, ...) would mean the
# text, or something it named, ran. (The command line around the reader is not watched: typer
# itself evaluates the annotations of cli.py, which raises 'exec' events of its own.)
ALLOWED_EVENTS = {"compile"}


def watched(reader):
    """``reader`` (parse or parse_variable) with the audit hook switched on while it runs."""
    def reading(text):
        read.append(text)
        _AUDIT["on"] = True
        try:
            return reader(text)
        finally:
            _AUDIT["on"] = False

    read: list[str] = []
    reading.read = read
    return reading


def watched_main(argv: list[str]):
    """cli.main(argv) with the readers watched -> (exit code, the texts read, the audit events)."""
    from derive.readers import text as module

    _AUDIT["events"].clear()
    reading, reading_variable = watched(module.parse), watched(module.parse_variable)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "parse", reading)
        patch.setattr(module, "parse_variable", reading_variable)
        try:
            cli.main(argv)
            code = 0
        except SystemExit as exit:
            code = exit.code
    return code, reading.read + reading_variable.read, list(_AUDIT["events"])


@pytest.fixture(scope="module", autouse=True)
def warm():
    """Import everything the reader touches before watching, so that a first import is not counted."""
    for text in ["exp(x)+log(x,2)+sqrt(x)+sin(x)*cos(x)*tan(x)+asin(x)+acos(x)+atan(x)",
                 "sinh(x)+cosh(x)+tanh(x)+asinh(x)+acosh(x)+atanh(x)+erf(x)+Abs(x)+abs(x)+sign(x)",
                 "Heaviside(x)+Max(x,y)+Min(x,y)+pi+E+z[k]+z[1]+x**-1/2"]:
        parse(text)


@pytest.mark.parametrize("position", ["expr", "wrt"])
@pytest.mark.parametrize("payload", MARKER_PAYLOADS + OTHER_PAYLOADS)
def test_in_process_every_payload_is_refused_and_nothing_runs(payload, position, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "ran"
    text = with_marker(payload, marker)
    code, read, events = watched_main(expr_argv(text, position))
    captured = capsys.readouterr()
    assert_refused(code, captured.out, captured.err)
    assert text in read  # refused by the reader, which saw the text
    assert not marker.exists() and list(tmp_path.iterdir()) == []
    assert {event for event, _ in events} <= ALLOWED_EVENTS, events


@pytest.mark.parametrize("payload", MARKER_PAYLOADS + OTHER_PAYLOADS)
def test_parse_refuses_with_parse_error_and_nothing_else(payload, tmp_path):
    marker = tmp_path / "ran"
    for reader in (parse, parse_variable):
        _AUDIT["events"].clear()
        with pytest.raises(ParseError):
            watched(reader)(with_marker(payload, marker))
        assert {event for event, _ in _AUDIT["events"]} <= ALLOWED_EVENTS, _AUDIT["events"]
    assert not marker.exists()


@pytest.mark.parametrize("text", ["x\x00 + 1", "\udcff", "x + \udcff", "x" * 31 + "\u00e9"])
def test_text_argv_cannot_carry_is_refused_in_process(text):
    """NUL bytes and lone surrogates never reach argv on POSIX, but a library caller can pass them."""
    with pytest.raises(ParseError):
        parse(text)


def test_what_is_read_still_works_after_the_hostile_lists(capsys):
    """The refusals above are not a blanket refusal: a plain expression is derived (exit 0)."""
    code, read, events = watched_main(["expr", "x**2*sin(x)", "--wrt", "x", "--format", "json"])
    assert code == 0 and read[:2] == ["x**2*sin(x)", "x"] and {event for event, _ in events} <= ALLOWED_EVENTS and '"verified": true' in capsys.readouterr().out


# --------------------------------------------------------------------------------------------
# Bombs: refused fast, exit 2, one clear line


BOMB_TEXTS = [text for text, _ in BOMBS] + PRINTER_BOMB_TEXTS


@pytest.mark.parametrize("text, named", BOMBS + PRINTER_BOMBS)
def test_a_bomb_is_refused_on_the_command_line(text, named, capsys):
    started = time.monotonic()
    code, read, events = watched_main(expr_argv(text, "expr"))
    captured = capsys.readouterr()
    assert_refused(code, captured.out, captured.err, named=named)
    assert text in read and {event for event, _ in events} <= ALLOWED_EVENTS, events
    assert time.monotonic() - started < HANG_GUARD


@pytest.mark.parametrize("text", BOMB_TEXTS)
def test_a_bomb_as_the_variable_is_refused_on_the_command_line(text, capsys):
    started = time.monotonic()
    code, read, events = watched_main(expr_argv(text, "wrt"))
    captured = capsys.readouterr()
    assert_refused(code, captured.out, captured.err)
    assert text in read and {event for event, _ in events} <= ALLOWED_EVENTS, events
    assert time.monotonic() - started < HANG_GUARD


# In a fresh process: a tower of powers (worked out, it would never end) and 100 KB of argv
# (under the 128 KiB a single argv entry may hold), as EXPR and as --wrt.
REAL_PROCESS_BOMBS = [bomb for bomb in BOMBS if bomb[0] in ("9**9**9**9", "x" + "+x" * 50000)]


@pytest.mark.parametrize("position", ["expr", "wrt"])
@pytest.mark.parametrize("text, named", REAL_PROCESS_BOMBS, ids=["tower", "100KB"])
def test_a_bomb_is_refused_by_the_real_command_line(text, named, position, tmp_path):
    completed = run_command(expr_argv(text, position), tmp_path)
    assert_refused(completed.returncode, completed.stdout, completed.stderr,
                   named=named if position == "expr" else None)
    assert list(tmp_path.iterdir()) == []


# A check that never ends, in a real process: the time bound (SIGALRM) stops it, the user is told
# which step, the command exits 1. The check is made endless on purpose (pure-Python work, as
# SymPy's is): an input that makes a real check run past the 30 s bound would make a slow test.
ENDLESS_CHECK = textwrap.dedent('''
    import importlib, sys
    sys.path.insert(0, {root!r})
    checker = importlib.import_module("derive.checker.checks")
    checker.CHECK_SECONDS = 0.5
    original = checker.check_step

    def endless_second_step(number, *args, **options):
        if number == 2:
            while True:
                sum(range(1000))
        return original(number, *args, **options)

    checker.check_step = endless_second_step
    from derive import cli
    cli.main(sys.argv[1:])
''')


def test_a_check_that_never_ends_is_stopped_and_named(tmp_path):
    script = tmp_path / "endless_check.py"
    script.write_text(ENDLESS_CHECK.format(root=str(ROOT)))
    completed = subprocess.run([sys.executable, str(script), "expr", "x**2*sin(x)", "--wrt", "x", "--format", "json"],
                               cwd=tmp_path, capture_output=True, text=True, timeout=HANG_GUARD)
    assert completed.returncode == 1, completed.stderr
    assert '"verified": false' in completed.stdout  # shown as not proven, never as proven
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("derive: not proven: step 2 (") and "did not finish" in lines[0]
    assert "Traceback" not in completed.stderr


MEGABYTE = 1 << 20


@pytest.mark.parametrize("text", [
    "x" * MEGABYTE,                                # one megabyte-long name
    ("x+" * MEGABYTE)[:MEGABYTE - 1],              # a megabyte of terms
    "(" * (MEGABYTE // 2) + "x" + ")" * (MEGABYTE // 2),
    "9" * MEGABYTE,
    "sin(" * (MEGABYTE // 5) + "x" + ")" * (MEGABYTE // 5),
])
def test_a_megabyte_of_input_is_refused_quickly(text, capsys):
    """Linux refuses a single argv entry above 128 KiB, so a megabyte cannot come from the shell;
    from a library caller (or a future --file option) it is refused by length, before ast.parse."""
    started = time.monotonic()
    with pytest.raises(ParseError, match="characters"):
        parse(text)
    with pytest.raises(ParseError, match="characters"):
        parse_variable(text)
    for argv in (expr_argv(text, "expr"), expr_argv(text, "wrt")):
        code, _, _ = watched_main(argv)
        captured = capsys.readouterr()
        assert_refused(code, captured.out, captured.err, named="characters")
        assert len(captured.err) < 1000  # the refusal names the length; it does not echo the megabyte
    assert time.monotonic() - started < HANG_GUARD


def test_a_megabyte_in_argv_is_refused_by_the_operating_system_not_run(tmp_path):
    """What happens to a megabyte from the shell: the kernel refuses to start the process (E2BIG)."""
    with pytest.raises(OSError):
        subprocess.run([sys.executable, "-m", "derive.cli", "expr", "x" * MEGABYTE, "--wrt", "x"],
                       cwd=tmp_path, capture_output=True, timeout=HANG_GUARD)


# --------------------------------------------------------------------------------------------
# Killed during a write: the target holds the old content or the complete new content


OLD = "% the old content, which must survive whole or be replaced whole\n" * 20

# Runs cli.main with the write made observable and, at one chosen moment, slow: the temporary
# file is written in chunks of CHUNK characters, flushed one by one; before each chunk, before
# fsync and after the rename, a line is printed on stdout, and at the moment named by the
# environment variable PAUSE_AT the process sleeps, so the test can kill it right there (the kill
# lands during the sleep; no timing luck is involved).
SLOW_WRITER = textwrap.dedent('''
    import os, sys, time
    sys.path.insert(0, {root!r})
    from derive import cli

    CHUNK, PAUSE_AT = 1024, os.environ.get("PAUSE_AT", "")
    real_fdopen, real_fsync, real_replace = os.fdopen, os.fsync, os.replace

    def say(event):
        os.write(1, (event + "\\n").encode())
        if PAUSE_AT and event.startswith(PAUSE_AT):
            time.sleep(60)

    class SlowStream:
        def __init__(self, stream):
            self.stream = stream
        def write(self, text):
            for start in range(0, len(text), CHUNK):
                say(f"chunk {{start // CHUNK}} of {{(len(text) - 1) // CHUNK + 1}}")
                self.stream.write(text[start:start + CHUNK])
                self.stream.flush()
            return len(text)
        def __getattr__(self, name):
            return getattr(self.stream, name)
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return self.stream.__exit__(*exc)

    def slow_fdopen(*args, **kwargs):
        say("opened")
        return SlowStream(real_fdopen(*args, **kwargs))

    def slow_fsync(descriptor):
        say("fsync")
        real_fsync(descriptor)

    def loud_replace(source, target):
        real_replace(source, target)
        say("replaced")

    os.fdopen, os.fsync, os.replace = slow_fdopen, slow_fsync, loud_replace
    say("started")
    try:
        cli.main(sys.argv[1:])
    finally:
        say("done")
''')


def slow_writer(tmp_path: Path) -> Path:
    script = tmp_path / "slow_writer.py"
    script.write_text(SLOW_WRITER.format(root=str(ROOT)))
    return script


def start_killable(tmp_path: Path, directory: Path, format: str, target: Path, moment: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(slow_writer(tmp_path)), "softmax", "--format", format,
                             "--out", str(target)], cwd=directory, env={**os.environ, "PAUSE_AT": moment},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def kill_at(process: subprocess.Popen, moment: str) -> list[str]:
    """Read the writer's progress until ``moment``, where it sleeps; kill it there (SIGKILL)."""
    seen = []
    try:
        for line in process.stdout:
            seen.append(line.strip())
            if seen[-1].startswith(moment):
                os.kill(process.pid, signal.SIGKILL)
                break
    finally:
        process.kill()  # in every case (a no-op when it is dead already)
        process.wait(timeout=HANG_GUARD)
        process.stdout.close()
        process.stderr.close()
    assert seen and seen[-1].startswith(moment), seen
    assert process.returncode == -signal.SIGKILL
    return seen


def leftovers(directory: Path, target: Path) -> list[Path]:
    return [path for path in directory.iterdir() if path != target]


def assert_temporary_files_only(directory: Path, target: Path) -> None:
    """After SIGKILL, temporary files `.NAME.*.tmp` may be left beside the target: a killed
    process cannot clean up, and that is acceptable, since the target (what the user asked for)
    is whole. They are hidden, carry a unique random part (a later run never trips over them)
    and never take the target's name. Nothing else may be left."""
    for path in leftovers(directory, target):
        assert path.name.startswith(f".{target.name}.") and path.name.endswith(".tmp"), path.name


@pytest.fixture(scope="module")
def complete_latex(tmp_path_factory) -> str:
    """The complete new content: a full run of the real command line, not killed."""
    directory = tmp_path_factory.mktemp("complete")
    target = directory / "softmax.tex"
    completed = run_command(["softmax", "--format", "latex", "--out", str(target)], directory)
    assert completed.returncode == 0 and completed.stderr == ""
    assert leftovers(directory, target) == []  # a run that finishes leaves no temporary file
    text = target.read_text(encoding="utf-8")
    assert text.rstrip().endswith(r"\end{document}") and len(text) > 3 * 1024  # several chunks below
    return text


def test_the_slow_writer_writes_the_same_file(tmp_path, complete_latex):
    """The wrapper changes nothing of what is written; it only reports the moments of the write."""
    target = tmp_path / "softmax.tex"
    target.write_text(OLD)
    completed = subprocess.run([sys.executable, str(slow_writer(tmp_path)), "softmax", "--format", "latex",
                                "--out", str(target)], cwd=tmp_path, capture_output=True, text=True,
                               timeout=HANG_GUARD)
    assert completed.returncode == 0, completed.stderr
    events = completed.stdout.splitlines()
    assert events[:3] == ["started", "opened", f"chunk 0 of {(len(complete_latex) - 1) // 1024 + 1}"]
    assert events[-3:] == ["fsync", "replaced", "done"]
    assert target.read_text(encoding="utf-8") == complete_latex
    assert {p.name for p in tmp_path.iterdir()} == {"slow_writer.py", "softmax.tex"}


@pytest.mark.parametrize("moment, expect_new", [
    ("started", False),      # before any work: the derivation has not even begun
    ("opened", False),       # the temporary file exists, empty
    ("chunk 0", False),      # before the first chunk is written
    ("chunk 1", False),      # one chunk written and flushed: a partial temporary file
    ("chunk 5", False),      # five chunks written: still partial
    ("fsync", False),        # the temporary file complete, not yet renamed
    ("replaced", True),      # renamed: the new file is in place
])
def test_killed_during_the_write_the_file_is_old_or_new_never_partial(moment, expect_new, tmp_path, complete_latex):
    directory = tmp_path / "out"
    directory.mkdir()
    target = directory / "softmax.tex"
    target.write_text(OLD)
    kill_at(start_killable(tmp_path, directory, "latex", target, moment), moment)
    content = target.read_text(encoding="utf-8")
    assert content in (OLD, complete_latex), f"a partial file of {len(content)} characters after a kill at {moment}"
    assert content == (complete_latex if expect_new else OLD)
    assert_temporary_files_only(directory, target)
    if moment in ("chunk 1", "chunk 5"):
        # the partial text exists, but only in the temporary file, never under the target's name
        partial, = leftovers(directory, target)
        assert len(partial.read_text(encoding="utf-8")) == int(moment.split()[1]) * 1024


@pytest.mark.parametrize("delay", [0.2, 0.5, 0.8, 1.1, 1.4, 2.0])
def test_killed_at_staggered_moments_the_real_command_leaves_old_or_new(delay, tmp_path, complete_latex):
    """The real command, unmodified, killed after short delays: some land before the write, some
    after; whichever, the target is whole. (The write itself takes microseconds, which is why the
    test above slows it down to land kills inside it.)"""
    target = tmp_path / "softmax.tex"
    target.write_text(OLD)
    environment = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    process = subprocess.Popen([sys.executable, "-m", "derive.cli", "softmax", "--format", "latex", "--out", str(target)],
                               cwd=tmp_path, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=HANG_GUARD)
    assert target.read_text(encoding="utf-8") in (OLD, complete_latex)
    assert_temporary_files_only(tmp_path, target)


def test_a_run_after_a_killed_one_replaces_the_file_and_ignores_the_leftover(tmp_path, complete_latex, monkeypatch,
                                                                             capsys):
    """The run after the kill needs no process of its own: cli.main, in the directory of the leftover."""
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "softmax.tex"
    target.write_text(OLD)
    leftover = tmp_path / ".softmax.tex.abc123.tmp"
    leftover.write_text(complete_latex[:2000])  # what a killed run leaves behind
    with pytest.raises(SystemExit) as exit:
        cli.main(["softmax", "--format", "latex", "--out", str(target)])
    assert exit.value.code == 0, capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == complete_latex
    assert leftover.read_text(encoding="utf-8") == complete_latex[:2000]  # not touched, not reused
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, leftover.name])


def test_json_output_killed_mid_write_is_old_or_new(tmp_path, capsys):
    """The same guarantee for another format: killed while the JSON is half-written. (The
    complete JSON, which the killed run must not leave, needs no process of its own: cli.main.)"""
    directory = tmp_path / "out"
    directory.mkdir()
    target = directory / "softmax.json"
    with pytest.raises(SystemExit) as exit:
        cli.main(["softmax", "--format", "json", "--out", str(target)])
    assert exit.value.code == 0, capsys.readouterr().err
    new = target.read_text(encoding="utf-8")
    target.write_text(OLD)
    kill_at(start_killable(tmp_path, directory, "json", target, "chunk 2"), "chunk 2")
    assert target.read_text(encoding="utf-8") == OLD and new != OLD
    assert_temporary_files_only(directory, target)


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_during_the_write_removes_the_temporary_file(number, tmp_path):
    """A signal that can be caught (unlike SIGKILL) lands while a partial temporary file exists:
    the file is removed, the target keeps its old content, the exit status says which signal."""
    directory = tmp_path / "out"
    directory.mkdir()
    target = directory / "softmax.tex"
    target.write_text(OLD)
    process = start_killable(tmp_path, directory, "latex", target, "chunk 1")
    try:
        for line in process.stdout:
            if line.startswith("chunk 1"):
                assert len(leftovers(directory, target)) == 1  # the partial temporary file is there
                os.kill(process.pid, number)
                break
        _, err = process.communicate(timeout=HANG_GUARD)
    finally:
        process.kill()
        process.wait(timeout=HANG_GUARD)
    assert process.returncode == 128 + number, err
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(directory, target) == []
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "interrupted by signal" in lines[0] and "Traceback" not in err
