"""The printers' shortcuts write what SymPy's own methods write: the remembered texts of sums and
products (derive.show), the MathML written as text (derive.printers.html), the JSON written piece
by piece (derive.printers.json), the break places found by one regular expression
(derive.printers.breaking). Each is compared with the long way round, on the steps of real
derivations and on shapes made to reach every branch."""

from __future__ import annotations

import json
import io
import random

import pytest
from sympy import (Add, Derivative, Float, Integer, Mul, Pow, Rational, Sum, Symbol, UnevaluatedExpr, cos, exp,
                   oo, sin, sqrt, symbols)
from sympy.printing.latex import LatexPrinter
from sympy.printing.mathml import MathMLPresentationPrinter
from sympy.printing.str import StrPrinter

import derive
from derive import show
from derive.printers import breaking
from derive.printers import json as json_printer
from derive.printers.html import _MathML

x, y, j, L = symbols("x y j L")
z = Symbol("z")


class SympysText(show.TextPrinter):
    """The text printer with SymPy's own sum, product and brackets (in reading order), nothing remembered."""

    remember = False

    def _print_Add(self, expr, order=None):
        return StrPrinter._print_Add(self, expr, order)

    def _print_Mul(self, expr):
        return StrPrinter._print_Mul(self, show._factors_in_reading_order(expr)).replace("**", "^").replace("*", "·")

    def parenthesize(self, item, level, strict=False):
        if isinstance(item, UnevaluatedExpr):
            return self._print(item)
        if isinstance(item, Sum) and level >= 40:
            return f"({self._print(item)})"
        return StrPrinter.parenthesize(self, item, level, strict)


class SympysLatex(show.MathLatexPrinter):
    """The LaTeX printer with SymPy's own sum, product and brackets (in reading order), nothing remembered."""

    remember = False
    _needs_add_brackets = LatexPrinter._needs_add_brackets
    _needs_mul_brackets = LatexPrinter._needs_mul_brackets

    def _print_Add(self, expr, order=None):
        return LatexPrinter._print_Add(self, expr, order)

    def _print_Mul(self, expr):
        return LatexPrinter._print_Mul(self, show._factors_in_reading_order(expr))

    def parenthesize(self, item, level, is_neg=False, strict=False):
        if isinstance(item, UnevaluatedExpr):
            return self._print(item)
        return LatexPrinter.parenthesize(self, item, level, is_neg, strict)


class ElementsMathML(_MathML):
    """The page's MathML built as elements throughout, with SymPy's own sum and brackets."""

    def _as_text(self):
        return False

    def _print_Add(self, expr, order=None):
        return MathMLPresentationPrinter._print_Add(self, expr, order)

    def parenthesize(self, item, level, strict=False):
        return MathMLPresentationPrinter.parenthesize(self, item, level, strict)


def shapes() -> list:
    """Expressions of real derivations (every step's) and shapes for each branch of the shortcuts:
    numbers in front (whole, negative, fractions, floats), powers under a bar, unevaluated products,
    sums inside products, derivatives, exponentials."""
    found = []
    for text in ("x**1*sin(1*x)*x**2*sin(2*x)*x**3*sin(3*x)*x**4*sin(4*x)", "x**3*sin(x)*exp(2*x)/(1+x**2)",
                 "log(x**2+1)*sqrt(x)", "-x*exp(-x)*2.5", "tan(x)^3*cos(2*x)/x^2"):
        derivation = derive.differentiate(text, "x")
        found += [expr for step in derivation.all_steps() for expr in (step.before, step.after)]
    found += [step.after for step in derive.softmax().all_steps()]
    found += [
        3 * x * sin(x) * cos(y), -3 * x * sin(x) * cos(y), Rational(1, 2) * x * sin(x), Rational(-3, 4) * x * y,
        Float(2.5) * x * sin(x), Float("1.5", 30) * x + Float(2.0) * x**2, x**-2 * sin(x) * y, exp(-x) * x * y,
        2**x * y * sin(x), Mul(Pow(2, 3, evaluate=False), x, y, evaluate=False), Mul(1, x, y, evaluate=False),
        Mul(2, 3, x, evaluate=False), Mul(x, 2, y, evaluate=False), Mul(-1, x + 1, y, evaluate=False),
        (x + 1) * (y - 2) * sin(x), -(x + 1) * y, x * Derivative(sin(x) * x, x) * y, oo * x * y, -oo * x * y,
        UnevaluatedExpr(x + 1) * y * 3, Sum(z**j, (j, 1, L)) * x * y, sqrt(x) * y / (1 + x),
        x - y - 2 * x * y + 3, -x - y, Integer(7) * x - Rational(1, 3) * y * sin(x),
    ]
    return found


@pytest.fixture(scope="module")
def expressions():
    return shapes()


def test_text_and_latex_write_what_sympys_own_methods_write(expressions):
    sympys_text, sympys_latex = SympysText({"order": "none"}), SympysLatex({"order": "none"})
    show.forget()
    for expr in expressions + expressions:  # the second time round, from memory
        assert show.show_text(expr) == sympys_text.doprint(expr), expr
        assert show.show_latex(expr) == sympys_latex.doprint(expr), expr


def test_mathml_written_as_text_is_the_mathml_of_the_elements(expressions):
    as_text, as_elements = _MathML(), ElementsMathML()
    for expr in expressions + expressions:
        assert as_text.math(expr) == as_elements.math(expr), expr


def test_the_memories_tell_apart_expressions_sympy_holds_different():
    """Floats of different precision, a float and an integer, a product and its negative: each
    keeps its own text, in whichever order they are met."""
    pairs = [(Float("1.5", 30) * x * y, Float(1.5) * x * y), (Float(2.0) * x * y, Integer(2) * x * y),
             (x * sin(x) * y, -x * sin(x) * y), (sin(x) * cos(x), sin(x) * cos(y))]
    for first, second in pairs:
        for order in ((first, second), (second, first)):
            show.forget()
            texts = [(show.show_text(e), show.show_latex(e), show.show_srepr(e)) for e in order]
            show.forget()
            assert texts == [(show.show_text(e), show.show_latex(e), show.show_srepr(e)) for e in order]
            assert texts[0] != texts[1]


def test_forget_empties_every_memory():
    from derive import memory

    show.show_latex(3 * x * sin(x) + y)
    show.pretty_rows(x / (1 + x))
    assert memory._memory and memory._by_id and memory._kept and show.pretty_rows.cache_info().currsize
    show.forget()
    assert not (memory._memory or memory._by_id or memory._kept) and not show.pretty_rows.cache_info().currsize


def test_the_json_written_piece_by_piece_is_json_dumps():
    for derivation in (derive.differentiate("x**2*sin(3*x)/(1+x)", "x"), derive.softmax()):
        for explain in (False, True):
            expected = json.dumps(json_printer.record(derivation, explain), indent=2, ensure_ascii=False) + "\n"
            assert json_printer.render(derivation, explain=explain) == expected
    odd = {"a": [1, 2.5, None, True, False, {}, [], "é\"\\\n\t"], "b": {1: "one", None: [[]]}, "nan": float("nan"),
           "inf": [float("-inf")], "tuple": ("t", [{"q": {}}]), "big": 10**30}
    for value in (odd, [], {}, "text", 3, [odd, [odd]]):
        pieces: list[str] = []
        json_printer._write(value, "\n", pieces, {})
        assert "".join(pieces) == json.dumps(value, indent=2, ensure_ascii=False)


def _candidates_char_by_char(text: str) -> list[tuple[int, int, int]]:
    """derive.printers.breaking's break places, found a character at a time (as it once did)."""
    found, depth = [], 0
    for position, char in enumerate(text):
        if char in breaking.OPEN:
            depth += 1
        elif char in breaking.CLOSE:
            depth = max(depth - 1, 0)
        elif char == " " and text[position:position + 3] in breaking.TERMS:
            found.append((depth, 0, position + 1))
        elif char == " " and text[position:position + 3] == breaking.EQUALS:
            found.append((depth, -1, position + 1))
        elif char in breaking.FACTORS and position > 0 and "∂" not in text[position - 1:position + 2]:
            found.append((depth, 1, position))
    return found


def test_break_places_are_those_found_a_character_at_a_time(expressions):
    texts = [show.show_text(expr) for expr in expressions]
    pieces = list("ab( )[]{}+-=·/∂x ") + [" + ", " - ", " = ", "∂/∂x", " + - ", " = = "]
    draw = random.Random(15)
    texts += ["".join(draw.choice(pieces) for _ in range(draw.randint(0, 40))) for _ in range(3000)]
    for text in texts:
        assert breaking._candidates(text) == _candidates_char_by_char(text), text
    assert any(kind == 1 for text in texts for _, kind, _ in breaking._candidates(text))
    assert any(kind == -1 for text in texts for _, kind, _ in breaking._candidates(text))


def _by_rich_alone(derivation, width: int, **options) -> str:
    """The plain text of derive.printers.text, every part printed by rich (no lines worked out directly)."""
    from rich.console import Console

    from derive.printers.text import renderables

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, legacy_windows=False,
                      highlight=False)
    for part in renderables(derivation, width=width, **options):
        console.print(part)
    return buffer.getvalue()


def test_the_text_of_the_steps_worked_out_directly_is_what_rich_prints():
    """Steps with pictures, long sentences to wrap, case splits (a tree), folded steps, explanations,
    narrow widths where lines are wrapped or cut: the same text as rich alone prints."""
    from rich.console import Console

    from derive.printers.text import StepBlock, render, renderables

    derivations = [derive.differentiate(text, "x") for text in (
        "x**1*sin(1*x)*x**2*sin(2*x)*x**3*sin(3*x)", "x**2*sin(x)/(1-x)", "exp(x)/(1+exp(x))", "sqrt(1+x**2)*atan(x)")]
    derivations += [derive.softmax(), derive.softmax("log")]
    for derivation in derivations:
        for width in (100, 60, 34):
            for options in ({}, {"explain": True}, {"detail": "full"}, {"detail": "brief"}, {"linear": True}):
                assert render(derivation, width=width, **options) == _by_rich_alone(derivation, width, **options)
    console = Console(file=io.StringIO(), width=100, color_system=None)
    steps = [part for part in renderables(derivations[0]) if isinstance(part, StepBlock)]
    assert steps and all(step.plain_lines(console, 100) is not None for step in steps)  # the short way is taken
    narrow = [part for part in renderables(derivations[0], width=20) if isinstance(part, StepBlock)]
    assert any(step.plain_lines(console, 20) is None for step in narrow)  # and, where lines would be cut, not


def test_past_its_size_the_memory_starts_afresh_and_still_prints_the_same(monkeypatch):
    from derive import memory

    expressions = [x ** n * sin(n * x) + y for n in range(2, 40)]
    show.forget()
    expected = [(show.show_text(e), show.show_latex(e), show.show_srepr(e)) for e in expressions]
    show.forget()
    monkeypatch.setattr(memory, "MEMO_SIZE", 25)
    for _ in range(2):
        assert [(show.show_text(e), show.show_latex(e), show.show_srepr(e)) for e in expressions] == expected
        assert len(memory._by_id) <= 25 and len(memory._kept) == len(memory._by_id)
    show.forget()


@pytest.mark.parametrize("expr", [
    x + y, x - 2 * y * sin(x), Float(1.5) + x, Float("2.50", 30) * x - Rational(1, 3), -x - y, x ** 2,
    sin(x), Integer(3), Sum(x * j, (j, 1, L)) - Derivative(x * sin(x), x) + UnevaluatedExpr(x + 1) * y,
])
def test_the_latex_pieces_of_an_expression_make_its_latex(expr):
    for _ in range(2):  # met first, then from memory
        pieces = show.show_latex_pieces(expr)
        assert "".join(pieces) == show.show_latex(expr)
        assert len(pieces) == (len(expr.args) if type(expr) is Add else 1)
    show.forget()
    assert "".join(show.show_latex_pieces(expr)) == show.show_latex(expr)  # pieces first this time


@pytest.mark.parametrize("expr", [
    x + y, x - 2 * y * sin(x) + 3, Float(1.5) + x, Rational(1, 3) - x + sin(x + y), Add(x, y, evaluate=False),
    Add(x, x, evaluate=False), Sum(x * j + 1, (j, 1, L)) - Derivative(x * sin(x), x),
])
def test_srepr_is_sympys(expr):
    from sympy import srepr

    show.forget()
    assert show.show_srepr(expr) == srepr(expr, order="none")
    assert show.show_srepr(expr) == srepr(expr, order="none")  # from memory
