"""The mathematics of the LaTeX printer: expressions with the step's focus highlighted, long
expressions broken into lines at their top-level + and -, each subtree printed once.

A `Tex` prints expressions for one derivation. It remembers the LaTeX of every subtree it has
printed, so a step whose expression differs from the one before only along the rewritten path
costs the printing of that path, not of the whole tree again. It only prints: it never
differentiates or simplifies.
"""

from __future__ import annotations

import re

from sympy import Add, Basic, UnevaluatedExpr
from sympy.printing.conventions import requires_partial
from sympy.simplify.radsimp import fraction

from derive.show import MathLatexPrinter

# How many characters of math fit on a line, as `width` counts them (a line of an A4 page with
# the document's margins holds about 80 at 11pt; the estimate counts a fraction's two halves).
LINE = 64
_COMMAND = re.compile(r"\\(left|right|frac|dfrac|displaystyle|begin\{[a-z*]+\}|end\{[a-z*]+\}|colorbox\{\w+\}"
                      r"|operatorname|mathrm|text|quad|qquad|,|;|!)|\\[a-zA-Z]+")
_SPACE = re.compile(r"[{}^_\s&$]")


def width(tex: str) -> int:
    """A rough count of the characters ``tex`` shows: commands that draw nothing count 0, a
    command that draws a symbol (``\\sin``, ``\\alpha``) counts its letters, braces nothing."""
    drawn = _COMMAND.sub(lambda m: "" if m.group(1) is not None else "x" * max(1, len(m.group()) - 2), tex)
    return len(_SPACE.sub("", drawn))


class _Printer(MathLatexPrinter):
    """The project's LaTeX (`derive.show`), with a derivative's operand in brackets whenever it
    is a sum or a product, the focus node in a coloured box, and each subtree printed once."""

    def __init__(self, box: str):
        super().__init__({"order": "none"})
        self.box = box  # \colorbox{<box>}: "focus" (defined in the document) or a colour name
        self.known: dict[Basic, str] = {}
        self.focus: Basic | None = None
        self.around: frozenset = frozenset()  # the focus's ancestors in the expression printed
        self.marked = 0

    def _print(self, expr, **kwargs):
        if kwargs or not isinstance(expr, Basic):
            return super()._print(expr, **kwargs)
        if self.focus is not None and (expr in self.around or expr == self.focus or expr.has(self.focus)):
            if expr == self.focus:
                self.marked += 1
                return rf"\colorbox{{{self.box}}}{{$\displaystyle {self._plain(expr)}$}}"
            return super()._print(expr)
        return self._plain(expr)

    def _plain(self, expr: Basic) -> str:
        known = self.known.get(expr)
        if known is None:
            focus, self.focus = self.focus, None
            try:
                known = self.known[expr] = super()._print(expr)
            finally:
                self.focus = focus
        return known

    def _print_Derivative(self, expr):
        operand = expr.expr.args[0] if isinstance(expr.expr, UnevaluatedExpr) else expr.expr
        if not (operand.is_Add or operand.is_Mul):
            return super()._print_Derivative(expr)
        symbol = r"\partial" if requires_partial(expr.expr) else self._settings["diff_operator_latex"]
        below, order = "", 0
        for variable, count in reversed(expr.variable_count):
            order += count
            below += rf"{symbol} {self._print(variable)}" + ("" if count == 1 else f"^{{{self._print(count)}}}")
        above = symbol if order == 1 else f"{symbol}^{{{order}}}"
        return rf"\frac{{{above}}}{{{below}}} \left({self._print(operand)}\right)"


def _at(expr: Basic, path: tuple[int, ...]) -> Basic | None:
    for index in path:
        if index >= len(expr.args):
            return None
        expr = expr.args[index]
    return expr


def _occurrences(expr: Basic, node: Basic, path: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    """The paths at which ``node`` occurs in ``expr`` (stopping after the second)."""
    found: list[tuple[int, ...]] = []
    stack, wanted = [(expr, path)], hash(node)
    while stack and len(found) < 2:
        current, where = stack.pop()
        if hash(current) == wanted and current == node:
            found.append(where)
            continue
        stack.extend((arg, (*where, i)) for i, arg in enumerate(current.args))
    return found


def focus(step) -> tuple[Basic, tuple[Basic, ...]] | None:
    """The part of ``step.after`` that the rule put there, with its ancestors, or None.

    Found at the step's path when the expression kept its structure there, else as the one
    subtree equal to the replacement. None (no highlight) when the replacement is the whole
    expression, merged into its parent (SymPy flattens sums and products), or occurs more than
    once: no highlight is better than a wrong one.
    """
    replacement = step.replacement
    if replacement is None or not step.path or replacement == step.after:
        return None
    places = _occurrences(step.after, replacement)
    if len(places) != 1:
        return None
    place = places[0]
    if place != tuple(step.path) and (replacement.is_Atom or replacement.is_Number):
        return None  # a lone symbol or number elsewhere is not evidence of where the rule worked
    ancestors = tuple(_at(step.after, place[:depth]) for depth in range(len(place)))
    return replacement, ancestors


class Tex:
    """Prints the expressions of one derivation in LaTeX (``box``: the highlight's colour)."""

    def __init__(self, box: str = "focus"):
        self.printer = _Printer(box)
        self.widths: dict[str, int] = {}

    def __call__(self, expr: Basic, highlight=None) -> str:
        """``expr`` in LaTeX; ``highlight`` (from `focus`) boxes that part when it is printed once."""
        if highlight is None:
            return self.printer._plain(expr)
        printer = self.printer
        printer.focus, printer.around, printer.marked = highlight[0], frozenset(highlight[1]), 0
        try:
            tex = printer._print(expr)
        finally:
            printer.focus, printer.around = None, frozenset()
        return tex if printer.marked == 1 else printer._plain(expr)

    def lines(self, expr: Basic, highlight=None, room: int = LINE) -> list[str]:
        """``expr`` cut into lines of about ``room`` characters at its top-level + and -; a
        fraction whose numerator is a sum keeps its bar, its numerator stacked in lines."""
        terms = self._terms(expr)
        if terms is None:
            numerator, denominator = fraction(expr, exact=True) if expr.is_Mul else (expr, 1)
            if denominator != 1 and numerator.is_Add and self.width(self(expr)) > room:
                top = self.lines(numerator, highlight, room)
                return [r"\frac{\begin{aligned}&" + r"\\&\quad ".join(top) + r"\end{aligned}}{"
                        + self(denominator, highlight) + "}"]
            return [self(expr, highlight)]
        lines: list[str] = []
        used = 0  # the width of the last line
        for sign, term in terms:
            tex = self(term, highlight)
            if self.printer._needs_add_brackets(term):
                tex = r"\left(" + tex + r"\right)"
            piece = f"{sign} {tex}".strip() if lines or sign == "-" else tex
            size = self.width(piece)
            if lines and used + size <= room:
                lines[-1] += " " + piece
                used += size
            else:
                lines.append(piece)
                used = size
        return lines

    def width(self, tex: str) -> int:
        """`width`, remembered: the same term is measured in step after step."""
        known = self.widths.get(tex)
        if known is None:
            known = self.widths[tex] = width(tex)
        return known

    def _terms(self, expr: Basic):
        """(sign, term) for each term of a sum, in the order the printer writes them, or None."""
        if not isinstance(expr, Add):
            return None
        terms = []
        for i, term in enumerate(self.printer._as_ordered_terms(expr)):
            if term.could_extract_minus_sign():
                terms.append(("-", -term))
            else:
                terms.append(("+" if i else "", term))
        return terms


