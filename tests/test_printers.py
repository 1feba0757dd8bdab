"""The LaTeX, Markdown and JSON printers: what they print is what the records hold."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
import sympy
from sympy import Eq, Ne, exp, symbols

import derive
from derive.engine.records import Check, Verification

FAILURE_DETAIL = "differ at j ≠ k: 100% & #1_x ≤ Σ δ ∂ · {}"


@pytest.fixture(scope="module")
def softmax():
    return derive.softmax()


@pytest.fixture(scope="module")
def logistic():
    z1, z2, z3 = symbols("z1 z2 z3")
    return derive.differentiate(exp(z1) / (exp(z1) + exp(z2) + exp(z3)), z1)


@pytest.fixture(scope="module")
def failed(softmax):
    """The softmax derivation with the check of step 1 turned into a failure."""
    broken = Check("step 1 (quotient rule)", False, "numeric", FAILURE_DETAIL, step=1)
    verification = Verification(steps=(broken,) + softmax.verification.steps[1:],
                                result=softmax.verification.result)
    return replace(softmax, verification=verification)


def compile_latex(source: str, directory) -> None:
    """Run pdflatex on ``source``; fail loudly (never skip) when pdflatex is missing or errs."""
    pdflatex = shutil.which("pdflatex")
    assert pdflatex, ("pdflatex is not installed: install it (apt-get install texlive-latex-base), "
                      "the LaTeX printer must be tested by compiling its output")
    (directory / "derivation.tex").write_text(source, encoding="utf-8")
    run = subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", "derivation.tex"],
                         cwd=directory, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"pdflatex failed:\n{run.stdout[-3000:]}"
    assert (directory / "derivation.pdf").stat().st_size > 0


def round_trips(text: str, expr) -> bool:
    """The srepr ``text`` parses back to an expression equal to ``expr``."""
    return sympy.sympify(text) == expr


def step_sections(latex: str) -> dict[int, str]:
    """Each step's paragraph in the LaTeX, by step number."""
    return {int(number): text for number, text in re.findall(r"^\\textbf\{\((\d+)\) (.*)", latex, re.MULTILINE)}


# JSON


def test_json_schema_and_verdict(softmax):
    data = json.loads(softmax.to_json())
    assert data["schema"] == "derive.derivation/1"
    assert data["verified"] is True
    assert list(data)[:6] == ["schema", "expression", "wrt", "steps", "result", "verified"]
    assert softmax.to_json().endswith("}\n")
    assert all(check["passed"] for check in data["checks"])
    assert len(data["checks"]) == len(softmax.verification.steps + softmax.verification.result)


@pytest.mark.parametrize("value", [
    None, True, False, 0, -7, 2**70, 0.1, -2.5e-300, float("nan"), float("inf"), -float("inf"), "", "a\"b\\c\n\x01é",
    "Symbol('x')", "x\x7f~ ", "tab\there", "quote\"", "back\\slash", "\x00", "\x1f", "é", "≤ \u2028",
    ["".join(map(chr, range(32, 127))), "".join(map(chr, range(0, 32)))],
    [], {}, (), [[], {}, [1, [True, None]]], {"a": [0.5, {"b": {}}], "c": "x"}, {1: "key not a string"},
    {"point": {"x": 1.5}, "none": None, "list": (1, 2.0, "z")},
])
def test_json_is_written_as_json_dumps_writes_it(value):
    from derive.printers.json import _write

    pieces: list[str] = []
    _write(value, "\n", pieces, {})
    assert "".join(pieces) == json.dumps(value, indent=2, ensure_ascii=False)


def test_json_expressions_round_trip(softmax):
    data = json.loads(softmax.to_json())
    assert round_trips(data["expression"], softmax.expression)
    assert round_trips(data["wrt"], softmax.variable)
    assert round_trips(data["result"], softmax.result)
    assert round_trips(data["unified"], softmax.unified)
    steps = list(softmax.steps) + [step for case in softmax.cases for step in case.steps]
    assert len(data["steps"]) == len(steps)
    for printed, step in zip(data["steps"], steps):
        assert printed["rule"] == step.rule.name
        assert round_trips(printed["before"], step.before)
        assert round_trips(printed["after"], step.after)
        assert printed["why"] == step.justification
        assert "{" not in printed["why"]
    merge = data["merge"]
    assert merge["rule"] == softmax.merge.rule.name
    assert round_trips(merge["before"], softmax.merge.before)
    assert round_trips(merge["after"], softmax.unified)
    assert merge not in data["steps"]


def test_json_cases(softmax):
    j, k = (symbol for symbol in sorted(softmax.cases[0].relation.free_symbols, key=str))
    data = json.loads(softmax.to_json())
    assert [sympy.sympify(case["case"]) for case in data["cases"]] == [Eq(j, k), Ne(j, k)]
    assert [case["case"].split("(")[0] for case in data["cases"]] == ["Equality", "Unequality"]
    assert str(sympy.sympify(data["cases"][0]["case"])) == "Eq(j, k)"
    assert str(sympy.sympify(data["cases"][1]["case"])) == "Ne(j, k)"
    for case, printed in zip(softmax.cases, data["cases"]):
        assert round_trips(printed["result"], case.result)
    shared = len(softmax.steps)
    assert all(step["case"] is None for step in data["steps"][:shared])
    cased = [str(sympy.sympify(step["case"])) for step in data["steps"][shared:]]
    assert cased == ["Eq(j, k)"] * len(softmax.cases[0].steps) + ["Ne(j, k)"] * len(softmax.cases[1].steps)


def test_json_steps_chain(softmax):
    """Each step starts where the previous one ended; each case starts where the shared steps end."""
    steps = json.loads(softmax.to_json())["steps"]
    shared = len(softmax.steps)
    blocks = [steps[:shared]]
    for case in softmax.cases:
        blocks.append(steps[shared:shared + len(case.steps)])
        shared += len(case.steps)
    assert blocks[0][0]["before"] == sympy.srepr(softmax.start, order="none")
    for block in blocks:
        for previous, step in zip(block, block[1:]):
            assert step["before"] == previous["after"]
    for block in blocks[1:]:
        assert block[0]["before"] == blocks[0][-1]["after"]
    for block, case in zip(blocks[1:], softmax.cases):
        assert block[-1]["after"] == sympy.srepr(case.result, order="none")


def test_json_latex_field(softmax):
    step = json.loads(softmax.to_json())["steps"][0]
    assert step["latex"] == derive.show.show_latex(softmax.steps[0].after)
    assert r"\frac" in step["latex"]


# Markdown


def test_markdown(softmax):
    markdown = softmax.to_markdown()
    assert markdown.startswith("# ")
    for step in softmax.all_steps():
        assert f"**{step.rule.name}**" in markdown
    for number in range(1, len(softmax.all_steps()) + 1):
        assert re.search(rf"^{number}\. \*\*", markdown, re.MULTILINE)
    blocks = re.findall(r"\n\n\$\$\n(.+?)\n\$\$\n\n", markdown + "\n")
    assert len(blocks) >= len(softmax.all_steps()) + 2
    assert "$j = k$" in markdown and r"$j \neq k$" in markdown
    assert r"\begin{cases}" in markdown
    total = len(softmax.verification.steps + softmax.verification.result)
    assert f"All {total} checks passed." in markdown and "FAILED" not in markdown
    assert markdown.count("$$") % 2 == 0


# LaTeX


def test_latex_document(softmax, tmp_path):
    latex = softmax.to_latex()
    assert latex.startswith(r"\documentclass")
    assert r"\begin{cases}" in latex and r"\end{document}" in latex
    for number in range(1, len(softmax.all_steps()) + 1):
        assert rf"\tag{{{number}}}" in latex
    assert set(step_sections(latex)) == set(range(1, len(softmax.all_steps()) + 1))
    assert r"\subsection*{\textbf{Case }\(j = k\)}" in latex
    assert all(ord(char) < 128 for char in latex), "raw unicode breaks pdflatex"
    compile_latex(latex, tmp_path)


def test_latex_fragment_and_display(softmax):
    fragment = softmax.to_latex(fragment=True)
    assert r"\documentclass" not in fragment and r"\begin{document}" not in fragment
    assert r"\begin{aligned}" in fragment and r"\begin{cases}" in fragment
    assert r"\intertext" not in fragment and r"\hfill" not in fragment and r"\tag" not in fragment
    shown = softmax._repr_latex_()
    assert shown.startswith(r"$$\begin{aligned}") and shown.endswith(r"\end{aligned}$$")
    assert shown.count("$$") == 2 and r"\intertext" not in shown and r"\tag" not in shown
    assert r"\begin{cases}" in shown


# a failed check is shown as failed everywhere


def test_failure_is_visible_everywhere(failed, tmp_path):
    data = json.loads(failed.to_json())
    assert data["verified"] is False
    first = data["checks"][0]
    assert {key: first[key] for key in ("subject", "passed", "method", "detail", "step")} == {
        "subject": "step 1 (quotient rule)", "passed": False, "method": "numeric", "detail": FAILURE_DETAIL, "step": 1}

    markdown = failed.to_markdown()
    first = next(line for line in markdown.splitlines() if line.startswith("1. "))
    assert "FAILED" in first and "✓" not in first
    total = len(failed.verification.steps + failed.verification.result)
    assert f"1 of {total} checks FAILED" in markdown

    latex = failed.to_latex()
    assert "FAILED" in step_sections(latex)[1] and r"\checkmark" not in step_sections(latex)[1]
    assert r"\checkmark" in step_sections(latex)[2]
    assert "not proven" in latex
    assert all(ord(char) < 128 for char in latex)
    compile_latex(latex, tmp_path)

    shown = failed._repr_latex_()
    first = next(line for line in shown.splitlines() if "(1) quotient rule" in line)
    assert "FAILED" in first and r"\checkmark" not in first


def test_unchecked_derivation_is_not_marked_checked(softmax):
    unchecked = replace(softmax, verification=None)
    assert "✓" not in unchecked.to_markdown() and "not checked" in unchecked.to_markdown()
    assert r"\checkmark" not in unchecked.to_latex()
    assert json.loads(unchecked.to_json())["verified"] is False


# a derivation without a case split


def test_every_format_without_cases(logistic, tmp_path):
    assert not logistic.cases and logistic.merge is None
    data = json.loads(logistic.to_json())
    assert data["verified"] is True and data["cases"] == [] and data["merge"] is None
    assert round_trips(data["result"], logistic.result)
    for previous, step in zip(data["steps"], data["steps"][1:]):
        assert step["before"] == previous["after"]
    markdown = logistic.to_markdown(detail="full")  # every step on its own
    assert all(f"**{step.rule.name}**" in markdown for step in logistic.steps)
    assert "Case" not in markdown
    assert logistic._repr_latex_().startswith("$$")
    latex = logistic.to_latex()
    assert r"\tag{%d}" % len(logistic.steps) in latex
    compile_latex(latex, tmp_path)


# the longer explanations (--explain), accepted by every format


def test_explain_option(softmax, tmp_path):
    explained = [step for step in softmax.all_steps() if step.explain()]
    assert explained, "the softmax route has steps with a longer explanation"
    markdown = softmax.to_markdown(explain=True)
    assert markdown.count("\n   > ") == len(explained)
    assert "\n   > " not in softmax.to_markdown()
    latex = softmax.to_latex(explain=True)
    assert latex.count(r"{\small\emph{") == len(explained)
    assert softmax.to_latex(fragment=True, explain=True).count(r"\emph{") == len(explained)
    explained_json = [step for step in json.loads(softmax.to_json(explain=True))["steps"] if "explanation" in step]
    assert len(explained_json) == len([step for step in explained if step is not softmax.merge])
    assert all("explanation" not in step for step in json.loads(softmax.to_json())["steps"])
    assert all(ord(char) < 128 for char in latex)
    compile_latex(latex, tmp_path)


def test_one_lookup_chooses_the_printer_of_each_record(softmax):
    """derive.printers.printer: what is printed and the format give the printer, for every kind of record."""
    from derive.checker.agreement import compare
    from derive.checker.written import check_file
    from derive.functions.jacobian import jacobian
    from derive.printers import comparison, printer
    from derive.printers import check as check_printer
    from derive.printers import jacobian as jacobian_printer
    from derive.printers import text as text_printer

    compared = compare([softmax, softmax])
    matrix = jacobian(softmax, 3)
    report = check_file(str(Path(__file__).parent / "check_files" / "textbook.txt"))
    for format in ("text", "latex", "markdown", "json"):
        assert printer(softmax, format).render(softmax) == softmax.render(format)
        assert printer(compared, format).render(compared) == getattr(comparison, format)(compared)
        assert printer(matrix, format).render(matrix, fragment=True) == jacobian_printer.render(matrix, format,
                                                                                                 fragment=True)
    for format in ("text", "json"):
        assert printer(report, format).render(report) == check_printer.render(report, format)
    assert printer(softmax, "text").renderables(softmax, width=80, explain=True) is not None
    assert printer(matrix, "text").renderables is jacobian_printer.renderables
    assert printer(compared, "text").renderables is None and printer(report, "text").renderables is None
    assert text_printer.render(softmax) == printer(softmax).render(softmax)
    for record, format in ((softmax, "pdf"), (compared, "html"), (matrix, "html"), (report, "latex")):
        with pytest.raises(ValueError, match=f"unknown format '{format}'"):
            printer(record, format)
