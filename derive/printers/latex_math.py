"""The mathematics of the LaTeX printer: expressions with the step's focus highlighted, long
expressions broken into lines at their top-level + and -, each subtree printed once.

A `Tex` prints expressions for one derivation. It remembers the LaTeX of every subtree it has
printed, so a step whose expression differs from the one before only along the rewritten path
costs the printing of that path, not of the whole tree again. It only prints: it never
differentiates or simplifies.
"""

from __future__ import annotations

import re
from sympy import Add, Basic
from sympy.simplify.radsimp import fraction

from derive.memory import same as _same
from derive.show import MathLatexPrinter, _factors_in_reading_order, _negated, _negative
from .focus import Focus

# How many characters of math fit on a line, as `width` counts them (a line of an A4 page with
# the document's margins holds about 80 at 11pt; the estimate counts a fraction's two halves).
LINE = 64
# A command that draws nothing, then one that draws a symbol: ``\sin`` is measured as 2 characters
# (its name less one), ``\a`` as 1. Written so that one substitution by the empty string does it
# (no Python function called per match): the backslash and the first letter of a longer name go, a
# one-letter command leaves its letter.
_COMMAND = re.compile(r"\\(?:left|right|frac|dfrac|displaystyle|begin\{[a-z*]+\}|end\{[a-z*]+\}|colorbox\{\w+\}"
                      r"|operatorname|mathrm|text|quad|qquad|,|;|!)|\\[a-zA-Z](?=[a-zA-Z])|\\(?=[a-zA-Z])")
_SPACE = re.compile(r"[{}^_\s&$]")


def width(tex: str) -> int:
    """A rough count of the characters ``tex`` shows: commands that draw nothing count 0, a
    command that draws a symbol (``\\sin``, ``\\alpha``) counts its letters less one (at least
    1), braces nothing."""
    return len(_SPACE.sub("", _COMMAND.sub("", tex)))


class _Printer(MathLatexPrinter):
    """The project's LaTeX (`derive.show`), with a derivative's operand in brackets whenever it
    is a sum or a product, the focus node in a coloured box, and each subtree printed once."""

    remember = False  # with a focus nothing is remembered but in `known`; see `_plain`

    def __init__(self, box: str):
        super().__init__({"order": "none"})
        self.box = box  # \colorbox{<box>}: "focus" (defined in the document) or a colour name
        self.known: dict[Basic, str] = {}
        self.focus: Focus | None = None
        self.met: list[str] = []  # how the focus was met while printing: "mark" or "stray" each time

    def _print(self, expr, **kwargs):
        if kwargs or not isinstance(expr, Basic):
            return super()._print(expr, **kwargs)
        where = self.focus.where(expr) if self.focus is not None else "plain"
        if where == "mark":
            self.met.append(where)
            return rf"\colorbox{{{self.box}}}{{$\displaystyle {self._plain(expr)}$}}"
        if where == "descend":
            return super()._print(expr)
        if where == "stray":
            self.met.append(where)
        return self._plain(expr)

    def _plain(self, expr: Basic) -> str:
        expr = _same(expr) if expr.args else expr  # found by identity when met before, equal or not
        known = self.known.get(expr)
        if known is None:  # printed with no focus, so the shared memory of `Remembering` may serve
            focus, self.focus, self.remember = self.focus, None, True
            try:
                known = self.known[expr] = super()._print(expr)
            finally:
                self.focus, self.remember = focus, False
        return known


class Tex:
    """Prints the expressions of one derivation in LaTeX (``box``: the highlight's colour)."""

    def __init__(self, box: str = "focus"):
        self.printer = _Printer(box)
        self.widths: dict[str, int] = {}
        self.pieces: dict[tuple[Basic, int], list[str]] = {}
        self.signed: dict[tuple[str, str], str] = {}  # (sign, a term's first piece): the two joined

    def __call__(self, expr: Basic, highlight=None) -> str:
        """``expr`` in LaTeX; ``highlight`` (from `focus`) boxes that part when it is printed once."""
        if highlight is None:
            return self.printer._plain(expr)
        printer = self.printer
        printer.focus, printer.met = highlight, []
        try:
            tex = printer._print(expr)
        finally:
            printer.focus = None
        return tex if printer.met == ["mark"] else printer._plain(expr)

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
            pieces = self._term(term, highlight, room)
            first = self._signed(sign, pieces[0]) if lines or sign == "-" else pieces[0]
            for piece in [first, *pieces[1:]]:
                size = self.width(piece)
                if lines and used + size <= room and piece is first:
                    lines[-1] += " " + piece
                    used += size
                else:
                    lines.append(piece)
                    used = size
        return lines

    def _signed(self, sign: str, piece: str) -> str:
        """``sign piece``, remembered: the same string each time, so its width is found without
        reading it again."""
        joined = self.signed.get((sign, piece))
        if joined is None:
            joined = self.signed[sign, piece] = f"{sign} {piece}".strip()
        return joined

    def _term(self, term: Basic, highlight, room: int) -> list[str]:
        """A term of a sum as one piece, or (a product wider than ``room``, with no number in
        front and nothing under a fraction bar) its factors in pieces, each after the first
        starting with a centred dot. Remembered for a term the focus is not in."""
        if highlight is not None and highlight.where(term) != "plain":
            return self._cut(term, highlight, room)
        term = _same(term)
        known = self.pieces.get((term, room))
        if known is None:
            known = self.pieces[term, room] = self._cut(term, None, room)
        return known

    def _cut(self, term: Basic, highlight, room: int) -> list[str]:
        tex = self(term, highlight)
        if self.printer._needs_add_brackets(term):
            return [r"\left(" + tex + r"\right)"]
        if not (term.is_Mul and self.width(tex) > room and term.as_coeff_Mul()[0] == 1
                and fraction(term, exact=True)[1] == 1):
            return [tex]
        factors = _factors_in_reading_order(term).args
        pieces: list[str] = []
        used = 0
        for i, factor in enumerate(factors):
            piece = self(factor, highlight)
            if self.printer._needs_mul_brackets(factor, first=i == 0, last=i == len(factors) - 1):
                piece = r"\left(" + piece + r"\right)"
            size = self.width(piece)
            if pieces and used + size <= room:
                pieces[-1] += " " + piece
                used += size
            else:
                pieces.append(piece if not pieces else r"\cdot " + piece)
                used = size
        return pieces

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
            if _negative(term):
                terms.append(("-", _negated(term)))
            else:
                terms.append(("+" if i else "", term))
        return terms


