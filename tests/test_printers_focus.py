"""The focus of a step (derive.printers.focus), its highlight in the terminal and in Markdown,
line breaks at operators (derive.printers.breaking), and the result in two dimensions."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from rich.console import Console
from rich.style import Style
from rich.text import Text
from sympy import Add, Derivative, Mul, S, cos, sin, symbols

import derive
from derive.printers import render
from derive.printers.breaking import lines
from derive.printers.focus import equation, node_at, parts, spans
from derive.printers.markdown import highlighted
from derive.printers.text import Expression, renderables
from derive.show import show_text

x, y = symbols("x y")


@pytest.fixture(scope="module")
def product():
    return derive.differentiate(x**2 * sin(3 * x), x)


@pytest.fixture(scope="module")
def softmax():
    return derive.softmax()


# ---- finding the focus


def test_node_at_follows_the_path_and_says_none_past_the_leaves():
    expr = x**2 + sin(x)
    assert node_at(expr, ()) == expr
    assert node_at(expr, (1, 0)) in (x, S(2))
    assert node_at(expr, (0, 0, 0, 0)) is None


def test_a_rule_at_the_root_has_no_separate_equation_and_no_highlight(product):
    first = product.steps[0]
    assert first.path == () and first.rule.name == "product rule"
    assert equation(first) is None
    assert parts(first) == ()


def test_the_equation_is_the_node_and_its_replacement(product):
    step = next(s for s in product.steps if s.rule.name == "sine rule")
    assert equation(step) == (step.node, step.replacement)
    assert equation(step)[0] == Derivative(sin(3 * x), x)


def test_the_replacement_is_found_at_its_path_when_the_structure_holds(softmax):
    step = next(s for s in softmax.steps if s.rule.name == "sum of derivatives")
    assert parts(step) == (step.replacement,)
    assert node_at(step.after, step.path) == step.replacement


def test_a_replacement_flattened_into_a_product_is_found_as_its_factors():
    from derive.engine.records import Step

    rule = derive.softmax().steps[0].rule
    before = Mul(y, Derivative(sin(x), x), evaluate=False)
    replacement = cos(x) * Derivative(x**3, x)  # flattened into the product y·cos(x)·∂(x^3)
    after = y * replacement
    step = Step(rule, {}, before, after, Derivative(sin(x), x), replacement=replacement, path=(1,))
    assert set(parts(step)) == set(Mul.make_args(replacement))


def test_an_atom_is_never_highlighted(product):
    step = next(s for s in product.all_steps() if s.rule.name == "variable rule")
    assert step.replacement == 1 and parts(step) == ()


def test_a_replacement_that_is_nowhere_is_not_highlighted():
    from derive.engine.records import Step

    rule = derive.softmax().steps[0].rule
    step = Step(rule, {}, sin(x) + Derivative(x**2, x), sin(x) + cos(y), Derivative(x**2, x),
                replacement=Add(x, y**2), path=(1,))
    assert parts(step) == ()


# ---- placing the highlight on printed text


def test_a_span_is_placed_only_where_the_text_occurs_once_between_boundaries():
    assert spans("x + sin(x)·y", ["sin(x)"]) == ((4, 10),)
    assert spans("sin(x) + sin(x)", ["sin(x)"]) == ()  # twice: no highlight
    assert spans("asin(x) + 1", ["sin(x)"]) == ()  # inside a longer name
    assert spans("12·x + 1", ["2·x"]) == ()  # inside a longer number
    assert spans("a + b", ["a", "c"]) == ()  # one part missing: none at all
    latex = r"- \frac{e^{- x} \frac{d}{d x} \left(- x\right)}{\left(1 + e^{- x}\right)^{2}}"
    assert spans(latex, [r"e^{- x}"]) == ()  # twice, once before \right: a command is a boundary
    assert spans(latex, [r"\frac{d}{d x} \left(- x\right)"]) == ((16, 46),)
    assert spans(r"\sinh{x}", [r"\sin"]) == ()  # a command continued is no boundary


def test_the_markdown_highlight_colours_exactly_the_span():
    assert highlighted(r"a + \sin{x}", [(4, 11)]) == r"a + {\color{teal}{\sin{x}}}"
    assert highlighted("a + b", []) == "a + b"


def test_the_terminal_marks_the_focus_in_colour_and_nothing_else(softmax):
    console = Console(file=io.StringIO(), width=100, force_terminal=True, color_system="truecolor")
    step = next(s for s in softmax.steps if s.rule.name == "sum of derivatives")
    from derive.printers.focus import parts as found

    whole = show_text(step.after)
    marks = spans(whole, [show_text(p) for p in found(step)])
    assert len(marks) == 1
    start, end = marks[0]
    assert whole[start:end] == show_text(step.replacement)
    console.print(Expression(whole, marks=marks))
    shown = Text.from_ansi(console.file.getvalue())
    marked = [shown.plain[span.start:span.end] for span in shown.spans if Style.parse(str(span.style)).color]
    assert marked == [show_text(step.replacement)]


def test_the_step_shows_its_focus_equation_then_the_whole(softmax):
    text = render(softmax, "text")
    at = text.index("2. sum of derivatives")
    block = text[at:text.index(" 3. ", at)]
    focus = block.index("∂/∂z_ik (Σ[l=1..L] e^(z_il)) = Σ[l=1..L] ∂/∂z_ik (e^(z_il))")
    assert focus < block.index("= ((Σ[l=1..L] e^(z_il))")


def test_markdown_shows_the_focus_equation_and_colours_the_part(softmax):
    markdown = render(softmax, "markdown")
    at = markdown.index("2. **sum of derivatives**")
    block = markdown[at:markdown.index("3. **", at)]
    assert r"\frac{\partial}{\partial {z}_{i,k}} \sum_{l=1}^{L} e^{{z}_{i,l}} = \sum_{l=1}^{L}" in block
    assert r"{\color{teal}{\sum_{l=1}^{L} \frac{\partial}{\partial {z}_{i,k}} e^{{z}_{i,l}}}}}" in block


def test_the_printers_never_print_a_highlight_not_found_once(product):
    markdown = render(product, "markdown")
    assert markdown.count(r"\color") <= len(product.all_steps())


# ---- line breaks


def test_a_short_line_is_not_broken():
    assert lines("x + 1", 80) == [(0, 5)]


def test_lines_break_before_top_level_plus_and_minus_not_inside_brackets():
    text = "(a + b + c)·d + e^(f + g) - h·(i + j) + k"
    cut = lines(text, 20)
    pieces = [text[a:b] for a, b in cut]
    assert pieces[0] == "(a + b + c)·d"
    assert all(piece.startswith(("+", "-")) for piece in pieces[1:])
    assert "".join(piece if i == 0 else " " + piece for i, piece in enumerate(pieces)) == text


def test_lines_break_at_a_product_when_a_single_term_is_too_wide():
    text = "·".join(f"sin({n}·x)" for n in range(1, 20))
    pieces = [text[a:b] for a, b in lines(text, 40)]
    assert len(pieces) > 1 and all(len(p) <= 38 for p in pieces[1:])
    assert all(p.startswith("·") for p in pieces[1:])
    assert "".join(pieces) == text


def test_lines_never_break_the_operator_of_a_derivative():
    text = "a·b·c·d·e·∂/∂x (f + g)·∂^2/∂x^2 (h)"
    for width in range(8, len(text)):
        for a, b in lines(text, width):
            assert not text[a:b].startswith(("/∂", "∂x", "/")) or text[a:b].startswith("/(")


def test_the_terminal_never_wraps_an_expression_at_a_plain_space():
    derivation = derive.differentiate(
        sin(x) * cos(x) / (1 + x**2 + x**3), x)
    text = render(derivation, "text", width=80)
    for line in text.splitlines():
        assert not line.rstrip().endswith(("(1 +", "(1 -")), line


# ---- the result in two dimensions


def test_the_result_is_drawn_in_two_dimensions_unless_linear(product):
    two = render(product, "text")
    one = render(product, "text", linear=True)
    result_two = two[two.index("Result"):two.index("Check")]
    result_one = one[one.index("Result"):one.index("Check")]
    assert "3⋅x ⋅cos(3⋅x)" in result_two and "3·x^2" not in result_two  # x² drawn with its exponent above
    assert "3·x^2·cos(3·x)" in result_one


def test_the_cases_of_a_result_are_aligned(softmax):
    text = render(softmax, "text")
    result = text[text.index("Result"):text.index("Check")]
    rows = [line for line in result.splitlines() if " if j " in line]
    assert len(rows) == 2 and len({line.index(" if j ") for line in rows}) == 1


def test_a_result_too_tall_or_wide_falls_back_to_one_broken_line():
    long = sum(sin(n * x) / (x + n) for n in range(1, 15))
    derivation = derive.differentiate(long, x)
    text = render(derivation, "text", width=80)
    result = text[text.index("Result"):text.index("Check")]
    assert all(len(line) <= 80 for line in result.splitlines())
    assert "╭" in result and "⎛" not in result


def test_renderables_take_the_options_and_stay_pure(product):
    before = replace(product)
    assert renderables(product, detail="full", linear=True, width=60)
    assert product == before


def test_what_a_replacement_became_is_read_only_where_nothing_else_moved():
    from sympy import Mul, exp

    from derive.printers.focus import became
    from derive.printers.story import focus_chain, focus_parts, fold, numbered_steps

    items = numbered_steps(derive.differentiate(1 / (1 + exp(-x)), x))
    sum_rule, constant = items[1], items[2]
    assert (sum_rule.step.rule.name, constant.step.rule.name) == ("sum rule", "constant rule")
    # -(∂1 + ∂e^-x)/(1 + e^-x)^2 became -∂e^-x/(1 + e^-x)^2: the sum at path (2,) became ∂e^-x
    assert became(sum_rule.step, constant.step.after) == Derivative(exp(-x), x)
    host, = fold((sum_rule, constant), "brief")
    assert focus_chain(host) == (sum_rule.step.node, sum_rule.step.replacement, Derivative(exp(-x), x))
    assert focus_parts(host) == (Derivative(exp(-x), x),)
    # a sibling changed as well: what stands at the path is not known to be the replacement's
    other = Mul(-2, constant.step.after.args[1], Derivative(exp(-x), x), evaluate=False)
    assert became(sum_rule.step, other) is None


def test_a_short_step_is_drawn_in_two_dimensions_unless_linear(product):
    drawn = render(product, "text")
    linear = render(product, "text", linear=True)
    assert "= 2·x·sin(3·x) + 3·x^2·cos(3·x)" in linear
    assert "= 2⋅x⋅sin(3⋅x) + 3⋅x ⋅cos(3⋅x)" in drawn  # the exponent 2 on the row above
    assert "──⎝x ⎠ = 2⋅x⋅──(x)" in drawn  # the focus equation too, where it holds a power
    assert "∂/∂x (3·x) = 3·∂/∂x (x)" in drawn  # a derivative alone stays on its line


def test_only_a_power_a_fraction_a_root_or_a_sum_is_worth_a_picture():
    from derive.printers.text import _worth_drawing

    assert not _worth_drawing("∂/∂x (sin(3·x)) = cos(3·x)·∂/∂x (3·x)")
    assert not _worth_drawing("∂/∂z_ik (z_ij) = δ_jk") and _worth_drawing("x^2")
    assert _worth_drawing("1/(1 + x)") and _worth_drawing("sqrt(x)") and _worth_drawing("Σ[l=1..L] e^(z_l)")


def test_the_cells_of_a_part_are_found_by_drawing_it_hidden():
    from sympy import Derivative as D

    from derive.show import pretty_cells, show_pretty

    expr = x**2 * D(sin(3 * x), x) + 2 * x * sin(3 * x)
    rows = show_pretty(expr, "= ").split("\n")
    (row, start, end), = pretty_cells(expr, [2 * x * sin(3 * x)], "= ")
    assert rows[row][start:end] == "2⋅x⋅sin(3⋅x)"
    assert pretty_cells(expr, [sin(x)]) == ()  # not drawn: no cells
    assert pretty_cells(sin(x) + x * sin(x), [sin(x)]) == ()  # drawn twice: no cells


def test_the_terminal_marks_the_focus_in_a_picture(product):
    from derive.printers.story import blocks
    from derive.printers.text import _whole

    told = next(item for block in blocks(product, "full") for item in block.steps
                if item.step.rule.name == "sine rule")
    console = Console(file=io.StringIO(), width=100, force_terminal=True, color_system="truecolor")
    console.print(_whole(told, "full"))
    shown = Text.from_ansi(console.file.getvalue())
    marked = [shown.plain[span.start:span.end] for span in shown.spans if Style.parse(str(span.style)).color]
    # cos(3x)·d/dx(3x) flattened into x^2·cos(3x)·d/dx(3x): its two factors are marked, x^2 is not
    assert [piece.strip() for piece in marked] == ["d", "cos(3⋅x)", "──(3⋅x)", "dx"]


def test_the_remembering_printers_print_what_they_would_print_afresh():
    from sympy import Float, exp, srepr

    from derive.show import MathLatexPrinter, TextPrinter, show_latex, show_srepr

    class AfreshText(TextPrinter):
        remember = False

    class AfreshLatex(MathLatexPrinter):
        remember = False

    afresh_text, afresh_latex = AfreshText({"order": "none"}), AfreshLatex({"order": "none"})
    shapes = [step.after for step in derive.softmax().all_steps()]
    shapes += [step.after for step in derive.differentiate(x**3 * sin(x) * exp(2 * x) / (1 + x**2), x).all_steps()]
    shapes += [Float("1.5", 30) * x + Float(2.0) * x**2, sin(Float("0.1") * x) + sin(Float("0.1", 40) * x)]
    for expr in shapes + shapes:  # the second time round, from memory
        assert show_text(expr) == afresh_text.doprint(expr)
        assert show_latex(expr) == afresh_latex.doprint(expr)
        assert show_srepr(expr) == srepr(expr, order="none")


def test_the_rows_a_picture_takes_are_bounded_below_without_drawing_it():
    """`pretty_rows` never says more rows than SymPy draws (a picture it rules out could not have
    fitted), and rules out the tall ones: a sum's 8 rows, a fraction over a sum."""
    import derive
    from derive.readers.text import parse, parse_variable
    from derive.show import pretty_rows, show_pretty

    seen = set()
    for name in ("quotient", "product", "log"):
        for step in derive.softmax(name, check=False).all_steps():
            seen |= {step.before, step.after, step.node, step.replacement}
    for text in ("tan(x^2 + 1)^2*x", "sqrt(1 + x^2)/(1 + exp(-x))^3", "x^(-2)*sin(x)^3", "atan(x)/(1 + x^2)"):
        for step in derive.differentiate(parse(text), parse_variable("x"), check=False).all_steps():
            seen |= {step.before, step.after, step.node, step.replacement}
    tall = 0
    for expr in seen - {None}:
        rows = len(show_pretty(expr).split("\n"))
        assert pretty_rows(expr) <= rows, expr
        tall += pretty_rows(expr) > 8
    assert tall > 10, "the bound rules pictures out"


def test_the_picture_of_a_product_is_sympys_own_without_its_units_import():
    """show.py draws a product itself (SymPy's own imports its physical units first, 0.3 s cold):
    the pictures are those SymPy draws, fractions, numbers in front and unevaluated products included."""
    import subprocess
    import sys

    from sympy import Mul, Rational, Symbol, exp, sin, sqrt
    from sympy.printing.pretty.pretty import PrettyPrinter

    from derive.show import PRETTY, PrettyTextPrinter, _factors_in_reading_order

    class Sympys(PrettyTextPrinter):
        def _print_Mul(self, expr):
            return PrettyPrinter._print_Mul(self, _factors_in_reading_order(expr))

    x, y = Symbol("x"), Symbol("y")
    cases = [2 * x * sin(x), -x / (1 + exp(-x)) ** 2, Rational(3, 4) * x ** -3 * y, x * y ** Rational(-1, 2),
             sqrt(x) / (2 * y), Mul(1, x, 2, evaluate=False), Mul(-1, x, evaluate=False), -Rational(1, 2) / x]
    for expr in cases:
        assert PrettyTextPrinter(PRETTY).doprint(expr) == Sympys(PRETTY).doprint(expr), expr
    fresh = subprocess.run([sys.executable, "-c", "import sys; from sympy import Symbol; from derive.show import "
                            "show_pretty; x = Symbol('x'); show_pretty(x**2 / (1 + x)); "
                            "print('sympy.physics.units' in sys.modules)"], capture_output=True, text=True)
    assert fresh.stdout.strip() == "False", fresh.stderr
