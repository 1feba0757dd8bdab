"""The command line: exit codes, one-line errors, atomic output, a quick --help."""

from __future__ import annotations

import importlib
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import typer
from sympy import Integer, Symbol

from derive import cli
import derive
from derive.engine.run import DerivationError, NoRuleApplies, NotReal, TooSlow
from derive.printers import FORMATS
from derive.readers.check_file import BadInput
from derive.readers.inputs import BadExpression
from derive.readers.latex import LatexError
from derive.readers.text import ParseError
from derive.rules.limits import TimeLimit
from slow import endless

ROOT = Path(__file__).resolve().parent.parent


def run_cli(argv, capsys):
    with pytest.raises(SystemExit) as raised:
        cli.main(argv)
    captured = capsys.readouterr()
    return raised.value.code, captured.out, captured.err


def test_choices_match_the_library():
    assert [f.value for f in cli.Format] == list(FORMATS)
    assert [r.value for r in cli.RouteName if r.value != "all"] == list(derive.ROUTES)


def test_help_does_not_import_sympy():
    code = ("import sys, cli\n"
            "try:\n    cli.main(['--help'])\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
            "print('sympy' in sys.modules)")
    completed = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert completed.stdout.strip().endswith("False")
    assert "softmax" in completed.stdout


@pytest.mark.parametrize("argv, named", [
    (["softmax", "--format", "pdf"], ["text", "latex", "markdown", "json"]),
    (["softmax", "--route", "sideways"], ["quotient", "product", "log", "all"]),
    (["softmax", "--no-such-option"], ["--no-such-option"]),
    (["no-such-command"], ["no-such-command"]),
    (["expr", "Max(asin(3), x)", "--wrt", "x"], ["Max cannot take these arguments"]),
    (["expr", "Max(Piecewise((1, x > 1), (sqrt(-1), True)), x)", "--wrt", "x"], ["is not a real function"]),
])
def test_bad_input_is_one_line_and_exit_2(argv, named, capsys):
    code, out, err = run_cli(argv, capsys)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("derive: error:")
    assert "Traceback" not in err
    for word in named:
        assert word in err


def test_unwritable_out_is_exit_2_and_writes_nothing(tmp_path, capsys):
    target = tmp_path / "missing-directory" / "out.tex"
    code, out, err = run_cli(["softmax", "--format", "latex", "--out", str(target)], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "does not exist" in err
    assert not target.parent.exists()
    code, _, err = run_cli(["softmax", "--out", str(tmp_path)], capsys)
    assert code == 2 and "directory" in err


@pytest.mark.parametrize("format", FORMATS)
def test_out_writes_the_same_as_render(format, tmp_path, capsys):
    target = tmp_path / f"softmax.{format}"
    code, out, err = run_cli(["softmax", "--format", format, "--out", str(target), "--seed", "7"], capsys)
    assert code == 0 and out == "" and err == ""
    with derive.seeded(7):  # the same points, so the same figures
        assert target.read_text(encoding="utf-8") == derive.softmax().render(format)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    target.write_text("the old content")

    def broken_fsync(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.os, "fsync", broken_fsync)
    with pytest.raises(cli.UserError, match=f"cannot write {target}: No space left on device"):  # the target named
        cli.write_atomically(target, "new content " * 1000)
    assert target.read_text() == "the old content"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_failed_check_exits_1_and_names_the_step(monkeypatch, capsys):
    proven = derive.softmax(check=False)
    wrong = replace(proven.steps[0], after=proven.steps[0].after * Integer(2))
    corrupted = replace(proven, steps=(wrong, *proven.steps[1:]))
    monkeypatch.setattr(derive, "softmax", lambda **options: derive.verify(corrupted))
    code, out, err = run_cli(["softmax"], capsys)
    assert code == 1
    assert "step 1 (quotient rule) failed its check" in err
    assert "NOT PROVEN" in out and "PROVEN" not in out.replace("NOT PROVEN", "")


def test_an_internal_error_is_one_line_unless_traceback(monkeypatch, capsys):
    def explode(**options):
        raise RuntimeError("boom")

    monkeypatch.setattr(derive, "softmax", explode)
    code, out, err = run_cli(["softmax"], capsys)
    assert code == 1 and err.strip() == "derive: internal error: RuntimeError: boom (run with --traceback for details)"
    with pytest.raises(RuntimeError):
        cli.main(["--traceback", "softmax"])


def test_softmax_text_shows_both_cases_and_the_check(capsys):
    code, out, err = run_cli(["softmax"], capsys)
    assert code == 0 and err == ""
    for phrase in ["quotient rule", "sum of derivatives", "exponential rule", "kronecker delta collapse",
                   "Case j = k", "Case j ≠ k", "S_ij·(1 - S_ik)", "-S_ij·S_ik", "S_ij·(δ_jk - S_ik)",
                   "Check: PROVEN", "z_ij", "z_ik"]:
        assert phrase in out, phrase


def test_notation_choices_match_the_library():
    from derive.functions.notation import NOTATIONS

    assert [n.value for n in cli.NotationName] == list(NOTATIONS)


def test_qa_notation_uses_the_qa_letters(capsys):
    code, out, err = run_cli(["softmax", "--notation", "qa"], capsys)
    assert code == 0 and err == ""
    assert "∂p_j/∂o_i" in out and "p_j·(1 - p_i)" in out and "-p_i·p_j" in out and "δ_ij" in out
    assert "z_" not in out and "S_" not in out


def test_own_names_and_batch(capsys):
    code, out, _ = run_cli(["softmax", "--function", "y", "--input", "x", "--output-index", "a",
                            "--wrt-index", "b", "--sum-index", "m", "--length", "N", "--batch",
                            "--sample-index", "n", "--format", "json"], capsys)
    assert code == 0
    assert "'y'" in out and "'x'" in out and "Symbol('N'" in out and "'z'" not in out
    code, out, _ = run_cli(["softmax", "--no-batch"], capsys)
    assert code == 0 and "∂S_j/∂z_k" in out and "z_ij" not in out


@pytest.mark.parametrize("argv", [["--function", "a b"], ["--input", "S"], ["--length", "9"]])
def test_a_bad_name_is_one_line_and_exit_2(argv, capsys):
    code, out, err = run_cli(["softmax", *argv], capsys)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "bad notation" in err


def test_an_unknown_option_lists_the_options(capsys):
    code, _, err = run_cli(["softmax", "--colour"], capsys)
    assert code == 2 and "--format" in err and "--notation" in err


def test_emit_numpy_prints_code_that_runs(capsys):
    code, out, err = run_cli(["softmax", "--emit", "numpy"], capsys)
    assert code == 0 and err == ""
    namespace: dict = {}
    exec(compile(out, "<emitted>", "exec"), namespace)  # our own generated code, in a test
    jacobian = namespace["jacobian"]([[1.0, 2.0, 0.5]])  # one sample: its index i is an axis
    assert jacobian.shape == (1, 3, 3) and abs(jacobian.sum()) < 1e-12


def test_emit_without_the_sample_index_takes_a_vector(capsys):
    code, out, err = run_cli(["softmax", "--emit", "numpy", "--no-batch"], capsys)
    assert code == 0 and err == ""
    namespace: dict = {}
    exec(compile(out, "<emitted>", "exec"), namespace)  # our own generated code, in a test
    jacobian = namespace["jacobian"]([1.0, 2.0, 0.5])
    assert jacobian.shape == (3, 3) and abs(jacobian.sum()) < 1e-12
    assert abs(jacobian[0, 0] - namespace["forward"]([1.0, 2.0, 0.5])[0] * (1 - namespace["forward"]([1.0, 2.0, 0.5])[0])) < 1e-15


def test_no_code_from_an_unproven_derivation(monkeypatch, capsys):
    proven = derive.softmax(check=False)
    wrong = replace(proven.steps[0], after=proven.steps[0].after * Integer(2))
    monkeypatch.setattr(derive, "softmax", lambda **options: derive.verify(replace(proven, steps=(wrong, *proven.steps[1:]))))
    code, out, err = run_cli(["softmax", "--emit", "numpy"], capsys)
    assert code == 1 and out == "" and "no code is generated" in err


def test_emit_choices_match_the_generators():
    from derive.functions.codegen import BACKENDS

    assert [e.value for e in cli.Language] == list(BACKENDS)


def test_backward_and_cross_entropy_commands(capsys):
    code, out, err = run_cli(["softmax", "--backward"], capsys)
    assert code == 0 and err == "" and "proven derivative" in out and "S_ik·(g_ik - (Σ[j=1..L] S_ij·g_ij))" in out
    code, out, err = run_cli(["softmax-cross-entropy", "--no-batch"], capsys)
    assert code == 0 and err == "" and "S_k - y_k" in out and "use an assumption" in out


def test_the_jacobian_at_a_point(capsys):
    code, out, err = run_cli(["softmax", "--at", "1000,1001,1002"], capsys)
    assert code == 0 and err == "" and "symmetric" in out and "PROVEN" in out and "NOT PROVEN" not in out
    code, out, err = run_cli(["softmax", "--size", "3", "--at", "1,2"], capsys)
    assert code == 2 and out == "" and "give 3" in err and len(err.strip().splitlines()) == 1


def test_a_check_out_of_time_exits_1_and_names_the_step(monkeypatch, capsys):
    import time

    checker = importlib.import_module("derive.checker.checks")  # derive.checker.checks is also the name of a function

    original, bound = checker.check_step, checker.time_limit

    def slow_first_step(number, *args, **options):
        if number == 1:
            time.sleep(5)
        return original(number, *args, **options)

    def short_for_step_1(seconds, what):
        """Only step 1's check gets the short bound: with every check bounded at 0.05 s, a busy
        machine (parallel workers) ran out of time on the domain's check too, named first."""
        return bound(0.05 if what == "step 1 (quotient rule)" else seconds, what)

    monkeypatch.setattr(checker, "time_limit", short_for_step_1)
    monkeypatch.setattr(checker, "check_step", slow_first_step)
    code, out, err = run_cli(["softmax"], capsys)
    assert code == 1
    assert "step 1 (quotient rule) failed its check: not checked: step 1 (quotient rule) did not finish" in err


def test_a_derivation_past_its_time_bound_is_one_line_and_exit_2(capsys, monkeypatch):
    from derive.engine import run as engine

    monkeypatch.setattr(engine, "_run", endless)
    monkeypatch.setattr(engine, "DERIVE_SECONDS", 0.2)
    code, out, err = run_cli(["expr", "x**2", "--wrt", "x"], capsys)
    assert code == 2 and out == ""
    assert err.startswith("derive: error: cannot derive it: the derivative of x**2 with respect to x was not "
                          "found within 0.2 s") and err.count("\n") == 1


def test_the_exit_codes():
    assert [(code.name, code.value) for code in cli.Exit] == [("OK", 0), ("NOT_PROVEN", 1), ("BAD_INPUT", 2),
                                                             ("INTERRUPTED", 130)]
    assert cli.Exit.INTERNAL_ERROR is cli.Exit.NOT_PROVEN
    assert cli.Exit.signalled(signal.SIGTERM) == 128 + signal.SIGTERM


x = Symbol("x")
LIBRARY_ERRORS = [  # each error type the library raises toward a user, and the line it gets
    (ParseError("cannot read 'x +'"), "cannot read 'x +'"),
    (LatexError("unknown command \\foo"), "unknown command \\foo"),
    (BadExpression("not an expression"), "not an expression"),
    (BadInput("line 3: not an expression"), "line 3: not an expression"),
    (DerivationError("the engine stopped"), "cannot derive it: the engine stopped"),
    (NoRuleApplies(x, "quotient"), "cannot derive it: no rule of the route 'quotient' covers x"),
    (NotReal(x, "it is complex"), "cannot derive it: x is not a real function: it is complex"),
    (TooSlow(x**2, x, 60.0),
     "cannot derive it: the derivative of x**2 with respect to x was not found within 60 s"),
    (TimeLimit("the command", 600.0), "not finished: the command did not finish within 600 s"),
    (cli.UserError("bad notation: a b"), "bad notation: a b"),
]


@pytest.mark.parametrize("error, line", LIBRARY_ERRORS, ids=[type(error).__name__ for error, _ in LIBRARY_ERRORS])
def test_each_library_error_is_exit_2_and_one_line(error, line, monkeypatch, capsys):
    def refuse(**options):
        raise error

    monkeypatch.setattr(derive, "softmax", refuse)
    for argv in (["softmax"], ["--traceback", "softmax"]):  # a refusal is no internal error: no traceback either way
        code, out, err = run_cli(argv, capsys)
        assert code == cli.Exit.BAD_INPUT == 2
        assert out == "" and err == f"derive: error: {line}\n"


@pytest.mark.parametrize("error, code, line", [
    (KeyboardInterrupt(), 130, "derive: interrupted"),
    (typer.Abort(), 130, "derive: interrupted"),
    (cli.Signalled(signal.SIGTERM), 128 + signal.SIGTERM,
     "derive: interrupted by signal SIGTERM; the output file is whole: the old one or the new one, and no "
     "temporary file is left"),
    (OSError(2, "No such file or directory", "f.txt"), 2, "derive: error: No such file or directory: f.txt"),
    (RecursionError("maximum recursion depth exceeded"), 2,
     "derive: error: the input is nested too deeply to work with"),
    (RuntimeError("boom"), 1, "derive: internal error: RuntimeError: boom (run with --traceback for details)"),
])
def test_every_other_error_has_its_exit_code(error, code, line, capsys):
    assert cli._report(error, traceback=False) == code
    assert capsys.readouterr().err == line + "\n"


def test_an_internal_error_with_traceback_is_raised_as_it_is(capsys):
    assert cli._report(RuntimeError("boom"), traceback=True) is None
    assert capsys.readouterr().err == ""


def test_version(capsys):
    code, out, err = run_cli(["--version"], capsys)
    assert code == 0 and out == f"derive {derive.__version__}\n" and err == ""


def test_version_does_not_import_sympy():
    code = ("import sys, cli\n"
            "try:\n    cli.main(['--version'])\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
            "print('sympy' in sys.modules)")
    completed = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert completed.stdout.splitlines() == [f"derive {derive.__version__}", "False"]
    command = subprocess.run([sys.executable, "-m", "derive.cli", "--version"], cwd=ROOT, capture_output=True,
                             text=True)
    assert (command.returncode, command.stdout, command.stderr) == (0, f"derive {derive.__version__}\n", "")
