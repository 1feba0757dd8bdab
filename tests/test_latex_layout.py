"""The LaTeX of a derivation reads right and fits the page: each step's focus shown and
highlighted only where it truly is, long expressions broken at their top-level + and - (no
Overfull box, read from pdflatex's log), derivative operands in brackets, a compact check
summary, a legend without a text-mode caret, and --out files with the umask's mode."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from sympy import Derivative, exp, sin, symbols

import derive
from derive.engine.records import Check, Step, Verification
from derive.printers.focus import focus
from derive.printers.latex_math import Tex
from derive.readers.text import parse, parse_variable
from derive.rules import Rule

from commandline import run_cli

x = symbols("x")
LONG = "sin(x)*cos(x)*exp(x)*log(x)*tanh(x)*atan(x)/(1+x^2+x^3+sqrt(x))"
QUOTIENT = "x**2*sin(x)/(1+exp(-x))"


def differentiate(text: str):
    return derive.differentiate(parse(text), parse_variable("x"))


def pdflatex(source: str, directory: Path) -> str:
    """Compile ``source``; the log. Fails (never skips) when pdflatex is missing or errs."""
    program = shutil.which("pdflatex")
    assert program, "pdflatex is not installed (apt-get install texlive-latex-base)"
    (directory / "derivation.tex").write_text(source, encoding="utf-8")
    run = subprocess.run([program, "-interaction=nonstopmode", "-halt-on-error", "derivation.tex"],
                         cwd=directory, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:]
    return (directory / "derivation.log").read_text(encoding="utf-8", errors="replace")


def test_the_long_example_breaks_and_fits_the_page(capsys, tmp_path):
    out = tmp_path / "long.tex"
    code, _, err = run_cli(["expr", LONG, "--wrt", "x", "--format", "latex", "--out", str(out)], capsys)
    assert code == 0, err
    latex = out.read_text(encoding="utf-8")
    assert latex.count(r"\quad ") > 20, "long expressions go on over several lines"
    assert r"\begin{aligned}" in latex, "a long numerator is stacked over its fraction bar"
    log = pdflatex(latex, tmp_path)
    assert "Overfull" not in log, re.findall(r"Overfull.*", log)[:5]


def test_the_fragment_compiles_in_pdflatex_too(capsys, tmp_path):
    code, fragment, err = run_cli(["softmax", "--format", "latex", "--fragment"], capsys)
    assert code == 0, err
    document = ("\\documentclass{article}\n\\usepackage{amsmath,amssymb,color}\n\\begin{document}\n"
                + fragment + "\n\\end{document}\n")
    pdflatex(document, tmp_path)


def test_a_derivative_of_a_sum_or_product_brackets_its_operand():
    tex = Tex()
    assert tex(Derivative(x ** 2 * sin(x), x)) == r"\frac{d}{d x} \left(x^{2} \sin{\left(x \right)}\right)"
    assert tex(Derivative(1 + exp(-x), x)) == r"\frac{d}{d x} \left(1 + e^{- x}\right)"
    assert tex(Derivative(sin(x), x)) == r"\frac{d}{d x} \sin{\left(x \right)}", "a single function needs none"
    latex = differentiate(QUOTIENT).to_latex()
    assert not re.search(r"\\frac\{d\}\{d x\} x\^\{2\} \\sin", latex), "step 1 read as d/dx of the whole product"
    assert r"\frac{d}{d x} \left(x^{2} \sin{\left(x \right)}\right)" in latex


@pytest.mark.parametrize("text", [QUOTIENT, LONG, "softmax"])
def test_the_highlight_marks_the_replacement_once_or_not_at_all(text):
    derivation = derive.softmax() if text == "softmax" else differentiate(text)
    tex, marked_steps = Tex("focus"), 0
    for step in derivation.all_steps():
        plain = " ".join(tex.lines(step.after))
        marked = " ".join(tex.lines(step.after, focus(step)))
        if marked == plain:
            continue
        marked_steps += 1
        inner = tex(step.replacement)
        box = rf"\colorbox{{focus}}{{$\displaystyle {inner}$}}"
        assert marked.count(r"\colorbox") == 1 and box in marked, step.rule.name
        assert marked.replace(box, inner) == plain, "the highlight changes nothing but the box"
    assert marked_steps >= 2, "the test sees highlights to check"


def fake_step(after, replacement, path):
    rule = Rule("test rule", "a = b", "a test", lambda node, context: None)
    return Step(rule=rule, bindings={}, before=after, after=after, node=replacement, replacement=replacement,
                path=path)


def test_an_equal_node_in_another_branch_means_no_highlight():
    tex = Tex("focus")
    unique = exp(2 * x) + sin(x)
    step = fake_step(unique, 2 * x, (unique.args.index(exp(2 * x)), 0))
    assert tex(unique, focus(step)).count(r"\colorbox") == 1
    twice = exp(2 * x) + sin(2 * x)
    step = fake_step(twice, 2 * x, (twice.args.index(exp(2 * x)), 0))
    assert focus(step) is not None, "found at its path"
    assert r"\colorbox" not in tex(twice, focus(step)), "2x is in both branches: marking one could be the wrong one"


def test_a_replacement_merged_into_its_parent_is_not_highlighted():
    """The power rule's 2x·d/dx x is flattened into the product around it: no highlight."""
    derivation = differentiate(QUOTIENT)
    step = next(step for step in derivation.all_steps() if step.rule.name == "power rule")
    assert focus(step) is None
    latex = derivation.to_latex(detail="full")
    paragraph = latex[latex.index(r"\textbf{(5) power rule.}"):latex.index(r"\textbf{(6)")]
    assert r"\colorbox" not in paragraph and r"\tag{5}" in paragraph


def test_each_step_shows_its_focus_as_an_equation_of_its_own():
    latex = differentiate(QUOTIENT).to_latex(detail="full")
    second = latex[latex.index(r"\textbf{(2) sum rule.}"):latex.index(r"\textbf{(3)")]
    assert r"& \derivefit{\frac{d}{d x} \left(1 + e^{- x}\right) = \frac{d}{d x} 1 + \frac{d}{d x} e^{- x}}" in second
    assert second.count(r"\colorbox{focus}") == 1


def test_the_check_summary_is_one_line_per_kind():
    softmax = derive.softmax()
    latex = softmax.to_latex()
    checks = latex[latex.index(r"\section*{Verification}"):]
    items = checks.count(r"\item")
    assert 0 < items <= 2 + len(softmax.verification.result), checks
    assert "--format json" in checks
    broken = Check("step 2 (sum rule)", False, "numeric", "differs at x = 1", step=2)
    failed = replace(softmax, verification=Verification((softmax.verification.steps[0], broken,
                                                        *softmax.verification.steps[2:]),
                                                       softmax.verification.result))
    checks = failed.to_latex()[failed.to_latex().index(r"\section*{Verification}"):]
    assert r"\textbf{FAILED} step 2 (sum rule) FAILED: differs at x = 1" in checks


def test_the_sigmoid_legend_raises_its_exponent_in_text():
    from derive.functions.catalog import derive_entry

    latex = derive_entry("sigmoid").to_latex()
    assert r"\textasciicircum" not in latex
    assert r"e\textsuperscript{-x}" in latex


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640)])
def test_out_files_get_the_mode_the_umask_gives(umask, mode, capsys, tmp_path):
    previous = os.umask(umask)
    try:
        out = tmp_path / "d.tex"
        code, _, err = run_cli(["expr", "x**2", "--wrt", "x", "--format", "latex", "--out", str(out)], capsys)
    finally:
        os.umask(previous)
    assert code == 0, err
    assert stat.S_IMODE(out.stat().st_mode) == mode


def test_at_normal_detail_the_folded_steps_are_named_and_the_whole_expression_is_after_them():
    derivation = differentiate("x^2*sin(3*x)")
    latex = derivation.to_latex()
    assert r"with the variable rule (step 3):" in latex and r"\textbf{(3)" not in latex
    full = derivation.to_latex(detail="full")
    assert r"\textbf{(3) variable rule.}" in full
    # the expression shown after step 2 is the one after the folded step 3: no d/dx x left in it
    second = latex[latex.index(r"\textbf{(2)"):latex.index(r"\textbf{(4)")]
    row = next(line for line in second.splitlines() if r"\tag{2}" in line)
    assert r"2 x \sin{\left(3 x \right)}" in row and not re.search(r"\\frac\{d\}\{d x\} x(?![\^{])", row)


def _width_by_each_command(tex: str) -> int:
    """`width` as first written: each command replaced by what it draws, one match at a time."""
    silent = re.compile(r"\\(left|right|frac|dfrac|displaystyle|begin\{[a-z*]+\}|end\{[a-z*]+\}|colorbox\{\w+\}"
                        r"|operatorname|mathrm|text|quad|qquad|,|;|!)|\\[a-zA-Z]+")
    drawn = silent.sub(lambda m: "" if m.group(1) is not None else "x" * max(1, len(m.group()) - 2), tex)
    return len(re.sub(r"[{}^_\s&$]", "", drawn))


@pytest.mark.parametrize("tex", [
    r"\sin{\left(x \right)}", r"\a b", r"\ab", r"\alpha^{2}", r"\leftarrow", r"\textbf{x}", r"\\\left(",
    r"\\&\quad x", r"\colorbox{focus}{$\displaystyle \cos{\left(3 x \right)}$}", r"\begin{aligned}&x\end{aligned}",
    r"x \, y \; z \! w", "\\", r"\{", "é \\é", "\t\x1c\\a\n", r"\frac{\partial}{\partial x} \left(x^{2}\right)",
])
def test_width_counts_as_each_command_replaced_in_turn(tex):
    from derive.printers.latex_math import width

    assert width(tex) == _width_by_each_command(tex)
    assert width(tex + " " + tex) == 2 * width(tex)
