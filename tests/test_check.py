"""`derive check FILE`: a derivation typed in by a learner, checked line by line.

The textbook's derivation (typed in from the seed text, its typos corrected) holds in SymPy
syntax and in LaTeX, and so does the Q&A answer's; versions with one slip each are named with
the line and the slip; hostile input is refused with exit 2 and nothing in it runs; every check
runs under a time bound that names the line it stopped.
"""

from __future__ import annotations

import difflib
import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sympy import (
    Derivative,
    Eq,
    IndexedBase,
    Integer,
    KroneckerDelta,
    Piecewise,
    Sum,
    Symbol,
    exp,
    true,
)

from derive import cli
from derive.checker import written
from derive.readers import check_file as check
from derive.readers.latex import LatexError, translate
from derive.readers.text import ParseError, parse

ROOT = Path(__file__).resolve().parent.parent
FILES = Path(__file__).resolve().parent / "check_files"
HANG_GUARD = 60  # seconds: only turns a hang into a failure; refusals take well under one
j, k, l, L = (Symbol(name, integer=True) for name in "jklL")
x = Symbol("x")
z = IndexedBase("z")


def run_check(argv, capsys):
    with pytest.raises(SystemExit) as raised:
        cli.main(["check", *argv])
    captured = capsys.readouterr()
    return raised.value.code, captured.out, captured.err


def step_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if " holds: " in line or " does not follow " in line]


# --------------------------------------------------------------------------------------------
# The seed texts' derivations hold


def test_the_textbook_derivation_holds_in_both_cases(capsys):
    code, out, err = run_check([str(FILES / "textbook.txt")], capsys)
    assert code == 0 and err == ""
    assert "line 11, part 1: Derivative(S[i, j], z[i, k])   (the derivative to compute)" in out
    steps = step_lines(out)
    assert len(steps) == 10 and all(" holds: " in line for line in steps)
    assert "case j = k (line 16), from line 14:" in out and "case j != k (line 24), from line 14:" in out
    assert "line 22 holds: S[i, j] * (1 - S[i, k])" in out and "line 28 holds: -S[i, j] * S[i, k]" in out
    assert out.splitlines()[-1].startswith("all 10 steps hold; the derivative is j = k: line 22; j != k: line 28.")
    assert "the sums at L = 2, 3, 5" in out


def test_the_latex_textbook_holds(capsys):
    code, out, err = run_check([str(FILES / "textbook.tex")], capsys)
    assert code == 0 and err == ""
    steps = step_lines(out)
    assert len(steps) == 10 and all(" holds: " in line for line in steps)
    assert r"line 33 holds: S_{i,j} \cdot (1 - S_{i,k})" in out
    assert r"case j \neq k (line 36), from line 16:" in out


def test_the_textbook_typo_as_printed_is_caught(capsys):
    """The section splits the fraction with sum_l e^{z_{i,j}} in the numerator: that line is named."""
    code, out, err = run_check([str(FILES / "textbook_as_printed.tex")], capsys)
    assert code == 1
    assert err.startswith(r"derive: not proven: line 27 does not follow from line 24: \frac{e^{z_{i,j}}}")
    assert "the likely slip" not in out  # none of the known slips explains it, so none is named


def test_the_qa_derivation_holds(capsys):
    code, out, err = run_check([str(FILES / "qa.txt")], capsys)
    assert code == 0 and err == ""
    assert "line 24, part 3 holds: p[i] * (1 - p[i])" in out and "line 27, part 2 holds: -p[i] * p[j]" in out
    assert "the sums at N = 2, 3, 5" in out and len(step_lines(out)) == 13


def test_one_line_with_the_delta_and_a_piecewise_hold(capsys):
    code, out, err = run_check([str(FILES / "unified.txt")], capsys)
    assert code == 0 and err == ""
    assert "line 7 holds: Piecewise((S[j] * (1 - S[k]), Eq(j, k)), (-S[j] * S[k], True))" in out


def test_definitions_may_be_plain_names_and_use_each_other(tmp_path, capsys):
    (tmp_path / "where.txt").write_text(
        "where h = Sum(exp(z[l]), (l, 1, L))\n"
        "where S[j] = exp(z[j]) / h\n"
        "diff(S[j], z[k])\n"
        "= (KroneckerDelta(j, k) * exp(z[j]) * h - exp(z[j]) * exp(z[k])) / h**2\n"
        "= S[j] * KroneckerDelta(j, k) - S[j] * S[k]\n")
    code, out, err = run_check([str(tmp_path / "where.txt")], capsys)
    assert code == 0 and err == "" and "line 5 holds: S[j] * KroneckerDelta(j, k) - S[j] * S[k]" in out


def test_standard_input(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO((FILES / "textbook.tex").read_text()))
    code, out, err = run_check(["-"], capsys)
    assert code == 0 and err == "" and r"S_{i,j} \cdot (1 - S_{i,k})" in out  # read as LaTeX: it has backslashes
    monkeypatch.setattr(sys, "stdin", io.StringIO("diff(x**3, x) = 3*x**2\n"))
    code, out, err = run_check(["-"], capsys)
    assert code == 0 and "line 1, part 2 holds: 3*x**2" in out


def test_json_report(capsys):
    code, out, _ = run_check([str(FILES / "slip_sign.txt"), "--format", "json"], capsys)
    report = json.loads(out)
    assert code == 1 and report["schema"] == "derive.check/1" and report["holds"] is False
    failed = [step for step in report["steps"] if not step["holds"]]
    assert len(failed) == 1 and failed[0]["line"] == 24 and failed[0]["from"]["line"] == 23
    assert failed[0]["case"] == "Ne(j, k)" and failed[0]["point"]["L"] == "2"
    assert float(failed[0]["values"]["before"]) == pytest.approx(-float(failed[0]["values"]["after"]))
    assert failed[0]["slip"].startswith("a sign error")
    assert [result["line"] for result in report["results"]] == [18, 24]


def test_json_report_of_a_derivation_that_holds(capsys):
    code, out, _ = run_check([str(FILES / "textbook.txt"), "-f", "json"], capsys)
    report = json.loads(out)
    assert code == 0 and report["holds"] is True and report["unfinished"] == []
    assert report["start"] == {"line": 11, "part": 1, "text": "Derivative(S[i, j], z[i, k])"}
    assert all(step["holds"] and step["point"] is None for step in report["steps"])
    assert [(result["case"], result["line"]) for result in report["results"]] == [("Eq(j, k)", 22), ("Ne(j, k)", 28)]
    detail = report["steps"][0]["detail"]
    assert detail.startswith("equal at ") and "at L = 2, 3, 5 under 5 patterns of equal indices" in detail
    assert isinstance(report["seed"], int) and report["points"] >= 1400


# --------------------------------------------------------------------------------------------
# Slips: each kind named with its line


SLIPS = [
    ("slip_sign.txt", 24, 23, "S[i, j] * S[i, k]", "a sign error: line 24 is the negative of what it should be"),
    ("slip_inner_factor.txt", 23, 11, "(exp(z[i, j]) * Sum(exp(z[i, l]), (l, 1, L)) - exp(z[i, j]) * exp(z[i, k]))",
     "a missing factor: KroneckerDelta(j, k), the derivative of the inner z[i, j] (chain rule), "
     "in exp(z[i, j])*Sum(exp(z[i, l]), (l, 1, L))"),
    ("slip_denominator.txt", 10, "7, part 2", "(Derivative(exp(z[i, j]), z[i, k])",
     "a denominator not squared: Sum(exp(z[i, l]), (l, 1, L)) should be squared"),
    ("slip_dropped_term.txt", 15, 14, "exp(z[i, j]) * Sum(exp(z[i, l]), (l, 1, L)) / (Sum",
     "a term dropped: -exp(z[i, j])*exp(z[i, k]) of line 14 is missing"),
    ("chain_rule_slip.txt", 4, 3, "exp(x**2) * sin(3*x) + 3*exp(x**2) * cos(3*x)",
     "a missing factor: 2*x, the derivative of the inner x**2 (chain rule), in exp(x**2)*sin(3*x)"),
]


@pytest.mark.parametrize("name, line, before, text, slip", SLIPS)
def test_a_slip_is_named_with_its_line(name, line, before, text, slip, capsys):
    code, out, err = run_check([str(FILES / name)], capsys)
    assert code == 1
    failing = f"line {line} does not follow from line {before}: {text}"
    assert err.startswith(f"derive: not proven: {failing}") and len(err.strip().splitlines()) == 1
    report = out.splitlines()
    at = next(number for number, row in enumerate(report) if row.startswith(failing))
    assert report[at + 1].startswith("  at ") and " = " in report[at + 1]  # the point: indices, L, inputs
    assert " has the value " in report[at + 2]  # both values
    assert report[at + 3] == f"  the likely slip: {slip}"


@pytest.mark.parametrize("name, original", [(name, "textbook.txt") for name, *_ in SLIPS[:4]]
                         + [("chain_rule_slip.txt", "chain_rule.txt")])
def test_each_slip_file_changes_one_line_of_a_derivation_that_holds(name, original, capsys):
    changed = [row for row in difflib.ndiff(_body(FILES / original), _body(FILES / name)) if row[:2] in ("- ", "+ ")]
    assert len(changed) == 2, changed
    assert run_check([str(FILES / original)], capsys)[0] == 0


def _body(path: Path) -> list[str]:
    return [row for row in path.read_text().splitlines() if row.strip() and not row.startswith("#")]


def test_a_sign_error_inside_a_line_names_the_term(tmp_path, capsys):
    text = (FILES / "textbook.txt").read_text().replace("= S[i, j] * (1 - S[i, k])", "= S[i, j] * (1 + S[i, k])")
    (tmp_path / "sign.txt").write_text(text)
    code, out, _ = run_check([str(tmp_path / "sign.txt")], capsys)
    assert code == 1 and "  the likely slip: a sign error: S[i, k] should be -S[i, k]" in out


def test_a_constant_factor_is_named(tmp_path, capsys):
    (tmp_path / "factor.txt").write_text("diff(x**3, x)\n= x**2\n")
    code, out, _ = run_check([str(tmp_path / "factor.txt")], capsys)
    assert code == 1 and "the likely slip: a missing constant factor: line 2 should be 3 times what it is" in out


def test_a_latex_slip_is_named(tmp_path, capsys):
    text = (FILES / "textbook.tex").read_text().replace(r"= -S_{i,j} \cdot S_{i,k}", r"= S_{i,j} \cdot S_{i,k}")
    (tmp_path / "sign.tex").write_text(text)
    code, out, err = run_check([str(tmp_path / "sign.tex")], capsys)
    assert code == 1
    assert err.startswith(r"derive: not proven: line 44 does not follow from line 41: S_{i,j} \cdot S_{i,k}")
    assert "the likely slip: a sign error: line 44 is the negative of what it should be" in out


def test_a_line_still_holding_a_derivative_is_not_the_result(tmp_path, capsys):
    (tmp_path / "unfinished.txt").write_text("diff(x**2 * sin(x), x)\n"
                                             "= diff(x**2, x) * sin(x) + x**2 * diff(sin(x), x)\n")
    code, out, err = run_check([str(tmp_path / "unfinished.txt")], capsys)
    assert code == 1 and "line 2 holds" in out
    assert err.strip() == ("derive: not proven: line 2 still holds a derivative, "
                           "so it is not yet the value of the derivative")


def test_a_step_that_differs_only_at_some_indices_is_caught(tmp_path, capsys):
    """Without a case, -S_j S_k is right only where j != k: the point shown has j = k."""
    (tmp_path / "no_case.txt").write_text((FILES / "unified.txt").read_text().splitlines()[2] + "\n"
                                          "diff(S[j], z[k]) = -S[j] * S[k]\n")
    code, out, _ = run_check([str(tmp_path / "no_case.txt")], capsys)
    at = next(line for line in out.splitlines() if line.startswith("  at "))
    point = dict(part.split(" = ") for part in at[len("  at "):].split(", "))
    assert code == 1 and point["L"] == "2" and point["j"] == point["k"]


# --------------------------------------------------------------------------------------------
# Bad input: exit 2, one line naming the line


@pytest.mark.parametrize("text, named", [
    ("", "holds no expression"),
    ("# only a comment\n\n", "holds no expression"),
    ("x**2\n= x*x\n", "line 1: the first expression must be the derivative to compute"),
    ("diff(x**2, x)\n", "nothing to check"),
    ("diff(x**2, x)\n= 2*x +\n", "line 2: not an expression"),
    ("diff(x**2, x)\n\n= 2*foo(x)\n", "line 3: unknown function"),
    ("diff(x**2, x) = = 2*x\n", "line 1: nothing between two '='"),
    ("diff(x**2, x) == 2*x\n", "line 1: a comparison is read only inside Piecewise"),
    ("case j = k\ndiff(x**2, x)\n= 2*x\n", "line 1: a case needs the lines before it"),
    ("diff(z[j], z[k])\ncase j = k\ncase j != k\n= 0\n", "line 2: the case Eq(j, k) has no lines"),
    ("diff(z[j], z[k])\ncase j < k\n= 0\n", "line 2: a case line reads"),
    ("diff(z[j], z[k])\ncase j != j\n= 0\n", "line 2: the case j != j is always or never so"),
    ("where S[j] = S[j] + 1\ndiff(S[j], z[k])\n= 0\n", "line 1: the definition of S uses S itself"),
    ("where S[j] = z[j]\nwhere S[k] = z[k]\ndiff(S[j], z[k])\n= 0\n", "line 2: S is defined twice"),
    ("where S[j]\ndiff(x, x)\n= 1\n", "line 1: a where line reads"),
    ("where 2 = x\ndiff(x, x)\n= 1\n", "line 1: only a name or an indexed name can be defined"),
    ("where S[j] = z[j]\ndiff(S[j, k], z[k])\n= 0\n", "line 2: S[j, k] has 2 index(es); its definition has 1"),
    ("diff(z[a]*z[b]*z[c]*z[d]*z[f]*z[g]*z[h], z[a])\n= 0\n", "at most 6 are checked"),
    ("\\frac{\\partial}{\\partial x} x^2 = 2 x \\rightarrow\n", "line 1: unknown LaTeX command \\rightarrow"),
])
def test_bad_input_is_one_line_and_exit_2(text, named, tmp_path, capsys):
    path = tmp_path / "bad.txt"
    path.write_text(text)
    code, out, err = run_check([str(path)], capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("derive: error: ") and "Traceback" not in err
    assert named in err, err


@pytest.mark.parametrize("argv, named", [
    (["/nonexistent/derivation.txt"], "cannot read /nonexistent/derivation.txt: No such file or directory"),
    ([str(FILES / "textbook.txt"), "--format", "latex"], "unknown format 'latex' for check"),
    ([str(FILES / "textbook.txt"), "--syntax", "maple"], "unknown syntax 'maple'"),
])
def test_bad_arguments_are_exit_2(argv, named, capsys):
    code, out, err = run_check(argv, capsys)
    assert code == 2 and out == "" and named in err


def test_a_directory_or_binary_file_is_exit_2(tmp_path, capsys):
    code, _, err = run_check([str(tmp_path)], capsys)
    assert code == 2 and "cannot read" in err
    (tmp_path / "binary").write_bytes(b"diff(x, x)\n\xff\xfe\x00")
    code, _, err = run_check([str(tmp_path / "binary")], capsys)
    assert code == 2 and "not UTF-8" in err


def test_syntax_can_be_forced(tmp_path, capsys):
    (tmp_path / "plain.tex").write_text("diff(x**2, x) = 2*x\n")
    code, _, err = run_check([str(tmp_path / "plain.tex")], capsys)  # the suffix says LaTeX
    assert code == 2 and "line 1:" in err
    code, out, _ = run_check([str(tmp_path / "plain.tex"), "--syntax", "sympy"], capsys)
    assert code == 0 and "line 1, part 2 holds: 2*x" in out


# --------------------------------------------------------------------------------------------
# Hostile input: refused with exit 2, and nothing in it runs


MARKER_PAYLOADS = [
    "__import__('os').system('touch MARKER')",
    "__import__('pathlib').Path('MARKER').touch()",
    "exec(\"open('MARKER', 'w')\")",
    "eval(\"open('MARKER', 'w')\")",
    "(lambda: open('MARKER', 'w'))()",
    "open('MARKER', 'w')",
    "exp(open('MARKER', 'w').write('x'))",
    "Sum(open('MARKER', 'w'), (l, 1, L))",
    "Derivative(x, __import__('os').system('touch MARKER'))",
    "Piecewise((1, open('MARKER', 'w') < 1), (0, True))",
    "KroneckerDelta(open('MARKER', 'w'), k)",
    "().__class__.__base__.__subclasses__() or open('MARKER', 'w')",
    "z[__import__('os').system('touch MARKER')]",
]

OTHER_PAYLOADS = [
    "x.__class__.__mro__[-1].__subclasses__()",
    "getattr(x, '__class__')",
    "'text' + x",
    "lambda: 1",
    "a" * 40,
    "x" * 5000,
    "Sum(x, (l, 1, L), evaluate=True)",
    "Piecewise((1, x), (0, True))",
    "Symbol('x')",
]

LATEX_PAYLOADS = [
    "\\input{MARKER}",
    "\\write18{touch MARKER}",
    "\\immediate\\write18{touch MARKER}",
    "\\def\\x{1} x",
    "\\csname x\\endcsname",
    "\\text{__import__('os')}",
    "\\" + "a" * 5000,
]


def hostile_files(payload: str) -> list[str]:
    """The payload as the derivative to compute, as a later line, in a chain, in a where line."""
    return [f"{payload}\n= 1\n",
            f"diff(x**2, x)\n= {payload}\n",
            f"diff(x**2, x) = 2*x = {payload}\n",
            f"where S[j] = {payload}\ndiff(S[j], z[k])\n= 0\n"]


@pytest.mark.parametrize("payload", MARKER_PAYLOADS + OTHER_PAYLOADS)
def test_an_injection_is_refused_and_nothing_runs(payload, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "ran"
    for number, text in enumerate(hostile_files(payload.replace("MARKER", str(marker)))):
        path = tmp_path / f"hostile{number}.txt"
        path.write_text(text)
        code, out, err = run_check([str(path)], capsys)
        assert code == 2 and out == "", (text, err)
        assert len(err.strip().splitlines()) == 1 and err.startswith("derive: error: line ") and "Traceback" not in err
        assert len(err) < 1000  # the refusal does not echo a long payload
    assert not marker.exists()


@pytest.mark.parametrize("payload", LATEX_PAYLOADS)
def test_a_latex_injection_is_refused_and_nothing_runs(payload, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "ran"
    path = tmp_path / "hostile.tex"
    path.write_text(f"\\frac{{d}}{{dx}} x^2\n= {payload.replace('MARKER', str(marker))}\n")
    code, out, err = run_check([str(path)], capsys)
    assert code == 2 and out == "" and err.startswith("derive: error: line 2: ") and len(err) < 1000
    assert not marker.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["hostile.tex"]


def test_an_injected_case_line_is_refused(tmp_path, capsys):
    path = tmp_path / "case.txt"
    path.write_text("diff(z[j], z[k])\ncase __import__('os').system('ls') = k\n= 0\n")
    code, _, err = run_check([str(path)], capsys)
    assert code == 2 and "line 2: a case line reads" in err


def test_in_a_real_process_nothing_runs(tmp_path):
    marker = tmp_path / "ran"
    path = tmp_path / "hostile.txt"
    path.write_text(f"diff(x**2, x)\n= exp(__import__('os').system('touch {marker}'))\n")
    completed = subprocess.run([sys.executable, "-m", "derive.cli", "check", str(path)], cwd=ROOT,
                               capture_output=True, text=True, timeout=HANG_GUARD)
    assert completed.returncode == 2 and completed.stdout == "" and "Traceback" not in completed.stderr
    assert completed.stderr.startswith("derive: error: line 2: ") and not marker.exists()


BOMBS = [
    ("diff(x, x)\n= 9**9**9**9\n", "line 2: a power too large"),
    ("diff(x, x)\n= x**(10**10**10)\n", "line 2: a power too large"),
    ("diff(x, x)\n= Sum(x, (l, 1, 10**12))\n", "line 2: a bound of a sum must be a name or a whole number up to 1000"),
    ("diff(x, x)\n= Sum(x, (l, 1, 5000))\n", "line 2: a bound of a sum must be"),
    ("diff(x, x)\n= Sum(x, (l, 1, 1000))\n", "line 2: a sum of more than 100 terms"),
    ("diff(x, x)\n= Sum(Sum(Sum(Sum(x, (a, 1, L)), (b, 1, L)), (c, 1, L)), (d, 1, L))\n",
     "line 2: sums nested more than 3"),
    ("diff(x, x)\n= " + "diff(" * 9 + "x" + ", x)" * 9 + "\n", "line 2: more than 8 derivatives"),
    ("diff(x, x)\n= " + "-(" * 100 + "x" + ")" * 100 + "\n", "line 2: nested too deeply"),
    ("diff(x, x)\n= x" + "+x" * 1500 + "\n", "line 2: the expression is 3001 characters long"),
    ("diff(x, x)\n= Piecewise(" + "(x, x < 1), " * 12 + "(0, True))\n", "line 2: Piecewise takes 1 to 10"),
    ("\\frac{d}{dx} x\n= 10^{10^{10}}\n", "line 2: a power too large"),
    ("\\frac{d}{dx} x\n= " + "\\frac{1}{" * 70 + "x" + "}" * 70 + "\n", "line 2: nested too deeply"),
    ("diff(x, x)\n" + "= 1\n" * 2000, "the file has 2001 lines; at most 1000 are read"),
    ("diff(x, x)\n= " + "x" * (1 << 20) + "\n", "larger than 1048576 bytes"),
]


@pytest.mark.parametrize("text, named", BOMBS, ids=[named for _, named in BOMBS])
def test_a_bomb_is_refused_fast_with_exit_2(text, named, tmp_path, capsys):
    path = tmp_path / "bomb.txt"
    path.write_text(text)
    started = time.monotonic()
    code, out, err = run_check([str(path)], capsys)
    assert time.monotonic() - started < HANG_GUARD
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and len(err) < 1000
    assert named in err, err


def test_a_megabyte_on_standard_input_is_refused(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("diff(x, x)\n" + "= x\n" * (1 << 19)))
    code, out, err = run_check(["-"], capsys)
    assert code == 2 and out == "" and "standard input is larger than 1048576 bytes" in err


# --------------------------------------------------------------------------------------------
# Time bounds: a check that runs too long is stopped, and its line named


def test_a_step_that_never_ends_is_stopped_and_named(monkeypatch, capsys):
    compare = written._Checker.compare

    def endless_on_line_19(self, before, after, case):
        while after.number == 19:
            sum(range(1000))
        return compare(self, before, after, case)

    monkeypatch.setattr(written, "STEP_SECONDS", 0.5)
    monkeypatch.setattr(written._Checker, "compare", endless_on_line_19)
    started = time.monotonic()
    code, out, err = run_check([str(FILES / "textbook.txt")], capsys)
    assert time.monotonic() - started < HANG_GUARD
    assert code == 1
    assert "line 19 does not follow from line 18: exp(z[i, j]) * (Sum(" in out
    assert "  not checked: checking line 19 did not finish within 0.5 s" in out
    assert sum(" holds: " in line for line in step_lines(out)) == 9  # every other step is still checked
    assert err.startswith("derive: not proven: line 19 does not follow from line 18")


def test_the_whole_file_has_a_time_bound(monkeypatch, capsys):
    monkeypatch.setattr(written, "FILE_SECONDS", 0)
    code, out, _ = run_check([str(FILES / "chain_rule.txt")], capsys)
    assert code == 1 and out.count("not checked: the whole file took longer than 0 s") == 2


def test_reading_a_line_has_a_time_bound(monkeypatch, capsys):
    parse_line = check.parse

    def endless_on_line_4(text, **options):
        while text.startswith("2*x*exp"):
            sum(range(1000))
        return parse_line(text, **options)

    monkeypatch.setattr(check, "READ_SECONDS", 0.5)
    monkeypatch.setattr(check, "parse", endless_on_line_4)
    code, out, err = run_check([str(FILES / "chain_rule.txt")], capsys)
    assert code == 2 and out == ""
    assert err.strip() == "derive: error: line 4: not read: reading line 4 did not finish within 0.5 s"


# --------------------------------------------------------------------------------------------
# The reader's new forms (derive.parse) and the LaTeX translator


@pytest.mark.parametrize("text, expected", [
    ("Sum(exp(z[l]), (l, 1, L))", Sum(exp(z[l]), (l, 1, L))),
    ("Sum(l*x, (l, 1, L))", Sum(l * x, (l, 1, L))),  # l is the sum's index in the body too
    ("Derivative(exp(z[j]), z[k])", Derivative(exp(z[j]), z[k])),
    ("diff(x**2, x)", Derivative(x**2, x)),
    ("KroneckerDelta(j, k)*z[j]", KroneckerDelta(j, k) * z[j]),
    ("Piecewise((x, x < 0), (2*x, True))", Piecewise((x, x < 0), (2 * x, true))),
    ("Piecewise((1, Eq(j, k)), (0, True)) + z[j] + z[k]", Piecewise((1, Eq(j, k)), (0, true)) + z[j] + z[k]),
    ("Piecewise((1, (x > 0) & (x < 1)), (0, True))", Piecewise((1, (x > 0) & (x < 1)), (0, true))),
])
def test_the_reader_reads_sums_derivatives_deltas_and_pieces(text, expected):
    assert parse(text) == expected


def test_a_name_is_an_index_in_every_line_when_the_file_says_so():
    assert parse("Piecewise((1, j < k), (0, True))", integers=frozenset("jk")) == Piecewise((1, j < k), (0, true))
    assert parse("Sum(x, (l, 1, 3))").doit() == 3 * x and parse("KroneckerDelta(1, 2)") == Integer(0)


@pytest.mark.parametrize("text, named", [
    ("x < 1", "not allowed"),
    ("Sum(x, l)", "limits as (l, a, b)"),
    ("Sum(x, (l, l, 3))", "its own variable"),
    ("Derivative(x, 2)", "a derivative is taken by a name"),
    ("Derivative(x, j + 1)", "a derivative is taken by a name"),
    ("KroneckerDelta(j, x + 1)", "an index must be a name"),
    ("Piecewise(x)", "(expression, condition)"),
    ("Piecewise((1, sqrt(-1) < 0), (0, True))", "not real"),
    ("Piecewise((1, x < y < 2), (0, True))", "a condition is"),
])
def test_the_reader_refuses_malformed_forms(text, named):
    with pytest.raises(ParseError) as refused:
        parse(text)
    assert named in str(refused.value)


@pytest.mark.parametrize("latex, text", [
    (r"\frac{\partial S_{i,j}}{\partial z_{i,k}}", "Derivative(S[i, j], z[i, k])"),
    (r"\frac{\partial}{\partial z_k} e^{z_j} \cdot \sum_{l=1}^{L} e^{z_l}",
     "(Derivative(exp(z[j]), z[k])*Sum(exp(z[l]), (l, 1, L)))"),
    (r"\sum_{l=1}^{L} e^{z_l} \cdot \sum_{l=1}^{L} e^{z_l}", "(Sum(exp(z[l]), (l, 1, L))*Sum(exp(z[l]), (l, 1, L)))"),
    (r"\sum_{l=1}^{L} x_l y_l - 1", "(Sum((x[l]*y[l]), (l, 1, L)) - 1)"),
    (r"\delta_{jk} S_j - S_j S_k", "((KroneckerDelta(j, k)*S[j]) - (S[j]*S[k]))"),
    (r"\left[ z_{ij} \right]^2 \times 2x", "((z[i, j]**2)*2*x)"),
    (r"\frac{d}{dx} \ln(x) + \exp\left(x\right)", "(Derivative(log(x), x) + exp(x))"),
    (r"z_12", "(z[1]*2)"),
])
def test_latex_is_translated(latex, text):
    assert translate(latex) == text


@pytest.mark.parametrize("latex, named", [
    (r"\input{x}", r"unknown LaTeX command \input at column 1"),
    (r"x | y", "the character '|' at column 3"),
    (r"\frac{\partial^2}{\partial x^2} x", "only first derivatives"),
    (r"\partial x", r"\partial is read in"),
    (r"\sum x", "_{l=1} after \\sum"),
    (r"(x", "expected ')'"),
    (r"z_{k+1}", "an index is a letter or a whole number"),
])
def test_latex_outside_the_subset_is_refused_naming_it(latex, named):
    with pytest.raises(LatexError) as refused:
        translate(latex)
    assert named in str(refused.value)
