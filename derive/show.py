"""Expression printers shared by every output format: one-line text and LaTeX.

They only print: no differentiation, no simplification. Sums are written with their
positive terms first (``Σ - e^z`` rather than ``-e^z + Σ``), as a textbook would.

Each printer remembers what it printed for the compound sub-expressions it met (see `Remembering`):
the steps of a derivation share most of their sub-expressions, so a derivation of 98 steps over an
expression of 30,000 characters prints each shared part once, not 98 times.
"""

from __future__ import annotations

import functools
from functools import partial
from operator import neg

from sympy import (Add, Basic, Derivative, Function, Indexed, LessThan, Mul, Number, Pow, Rational, S, Sum,
                   UnevaluatedExpr, exp)
from sympy.printing.conventions import requires_partial
from sympy.printing.precedence import PRECEDENCE, precedence, precedence_traditional
from sympy.printing.latex import LatexPrinter
from sympy.printing.latex import _between_two_numbers_p as _between_two_numbers
from sympy.printing.pretty.pretty import PrettyPrinter
from sympy.printing.pretty.stringpict import prettyForm, stringPict
from sympy.printing.repr import ReprPrinter
from sympy.printing.str import StrPrinter

from derive.memory import clear
from derive.memory import facts as _facts, native as _native, remembered as _remembered, remembered_by as _remembered_by


class Chain(Basic):
    """a <= m <= b, for printing only."""


def chain_inequalities(expr):
    """The arguments of an ``And``, with ``a <= m`` and ``m <= b`` joined into ``a <= m <= b``."""
    args = list(expr.args)
    for first in args:
        for second in args:
            if (isinstance(first, LessThan) and isinstance(second, LessThan)
                    and first.rhs == second.lhs and first is not second):
                rest = [arg for arg in args if arg is not first and arg is not second]
                return [Chain(first.lhs, first.rhs, second.rhs), *rest]
    return args


def _factors_in_reading_order(expr):
    """A product's factors as a textbook writes them: numbers, then plain factors, then sums.
    Remembered (see `forget`): the same product object each time, whose own facts are then found
    by identity."""
    return _remembered("reading order", expr, _in_reading_order)


def _in_reading_order(expr):
    coefficient, rest = expr.as_coeff_mul()  # -2 stays one number (as_ordered_factors gives -1, 2)
    plain = sorted(rest, key=_reading_key)
    ordered = ([coefficient] if coefficient != 1 else []) + plain
    if len(ordered) == len(expr.args) and all(a is b for a, b in zip(ordered, expr.args)):
        return expr
    return Mul(*ordered, evaluate=False)


def _reading_key(factor):
    """Where a factor stands in reading order: numbers, plain factors, then sums, then derivatives,
    each group in SymPy's `sort_key` order; remembered per factor (see `forget`), and with the
    integers of the sort key as Python's, which compare many times faster than SymPy's."""
    return _remembered("reading", factor, _reading_key_of)


def _reading_key_of(factor):
    inner = factor.args[0] if isinstance(factor, UnevaluatedExpr) else factor
    holds_a_sum = inner.is_Add or any(part.is_Add for part in Mul.make_args(inner))
    return (not factor.is_Number, holds_a_sum, isinstance(factor, Derivative), _native(factor.sort_key()))


def _positive_first(terms):
    return sorted(terms, key=_negative)


def _negative(term) -> bool:
    """``term.could_extract_minus_sign()``, remembered. For a product SymPy builds its negative to
    decide, which matters only where it starts with a negative number (else the answer is no)."""
    if type(term) is Mul and not (term.args[0].is_Number and term.args[0].is_extended_negative):
        return False
    return _remembered("negative", term, _could_extract_minus_sign)


def _could_extract_minus_sign(term) -> bool:
    return term.could_extract_minus_sign()


def _negated(term):
    """``-term``, remembered: the same object each time, so that its text is found by identity."""
    return _remembered("negated", term, neg)


def _precedence(item) -> int:
    """SymPy's `precedence` of ``item``, remembered (a product's asks whether it is negative)."""
    return _remembered("precedence", item, precedence)


def _precedence_traditional(item) -> int:
    """SymPy's `precedence_traditional` of ``item`` (LaTeX's), remembered."""
    return _remembered("traditional", item, precedence_traditional)


class Remembering:
    """A printer mixin: the text of each compound sub-expression is remembered, keyed by the
    (immutable) expression, and printed once. Only calls without options and below the top level
    are remembered (SymPy prints a Float differently at the top), and no atom (cheap to print);
    the output is the same as without the memory."""

    remember = True  # False: print everything afresh (to compare with)

    def _print(self, expr, **kwargs):
        if kwargs or not self.remember or not self._print_level or not isinstance(expr, Basic) or not expr._args:
            return super()._print(expr, **kwargs)
        facts = _facts(expr)
        found = facts.get(self)  # the printer, its own key (printers compare by identity)
        if found is None:
            found = facts[self] = super()._print(expr)
        return found


class TextPrinter(Remembering, StrPrinter):
    """Readable one-line math for the terminal: e^(z_ij), Σ[l=1..L], δ_jk, ∂/∂z_ik."""

    def _as_ordered_terms(self, expr, order=None):
        return _positive_first(super()._as_ordered_terms(expr, order))

    def _print(self, expr, **kwargs):
        if isinstance(expr, Indexed):
            return self._print_Indexed(expr)
        return super()._print(expr, **kwargs)

    def parenthesize(self, item, level, strict=False):
        if isinstance(item, UnevaluatedExpr):
            return self._print(item)
        if isinstance(item, Sum) and level >= PRECEDENCE["Add"]:
            return f"({self._print(item)})"
        value = _precedence(item)  # SymPy's StrPrinter.parenthesize, its precedence remembered
        if value < level or (not strict and value <= level):
            return f"({self._print(item)})"
        return self._print(item)

    def _print_Add(self, expr, order=None):
        """SymPy's StrPrinter._print_Add: each term's sign and word worked out once (`_term`)."""
        level = _precedence(expr)
        if not self.remember:
            words = []
            for term in self._as_ordered_terms(expr, order=order):
                text = self._print(term)
                sign = "+"
                if text.startswith("-") and not term.is_Add:
                    sign, text = "-", text[1:]
                words += [sign, f"({text})" if _precedence(term) < level or term.is_Add else text]
            sign = words.pop(0)
            return ("" if sign == "+" else sign) + " ".join(words)
        terms = sorted((self._term(term, level) for term in StrPrinter._as_ordered_terms(self, expr, order)),
                       key=lambda term: term[0])  # positive terms first, as `_as_ordered_terms`
        return ("" if terms[0][1] == "+" else terms[0][1]) + " ".join(
            [terms[0][2], *(word for _, sign, text in terms[1:] for word in (sign, text))])

    def _term(self, term, level: int) -> tuple[bool, str, str]:
        """Whether ``term`` is negative, and the sign and text SymPy writes for it in a sum of
        precedence ``level``; remembered with the printer's texts."""
        def work():
            text = self._print(term)
            sign = "+"
            if text.startswith("-") and not term.is_Add:
                sign, text = "-", text[1:]
            return _negative(term), sign, f"({text})" if _precedence(term) < level or term.is_Add else text
        return _remembered_by(self, ("term", level), term, work)

    def _print_Indexed(self, expr):
        names = [self._print(index) for index in expr.indices]
        joined = "".join(names) if all(len(name) == 1 for name in names) else "{" + ",".join(names) + "}"
        return f"{self._print(expr.base)}_{joined}"

    def _print_IndexedBase(self, expr):
        return self._print(expr.label)

    def _print_exp(self, expr):
        return f"e^({self._print(expr.args[0])})"

    def _print_Pow(self, expr, rational=False):
        if isinstance(expr.base, Sum) and expr.exp.is_positive:
            return f"({self._print(expr.base)})^{self._print(expr.exp)}"
        text = super()._print_Pow(expr, rational)
        return text.replace("**", "^")

    def _print_Mul(self, expr):
        product = _factors_in_reading_order(expr)
        if self.remember and isinstance(product, Mul):
            level, args = _precedence(product), product.args
            # a whole number > 1 in front: SymPy writes it as it stands, as ``Rational(p)``
            lead = [self._print(args[0])] if args[0].is_Integer and args[0] > 1 else []
            factors = [self._factor(factor, level) for factor in args[len(lead):]]
            if all(plain for plain, _ in factors):
                return "·".join(lead + [text for _, text in factors])
        text = super()._print_Mul(product)
        return text.replace("**", "^").replace("*", "·")

    def _factor(self, factor, level: int) -> tuple[bool, str]:
        """Whether ``factor`` is plain, and its text in a product of precedence ``level``:
        remembered with the printer's texts. A product of plain factors is what SymPy writes as
        their texts joined by its sign (no number, no power with a negative or an integer
        exponent over an integer: nothing of SymPy's to collect under a bar or to keep apart)."""
        def work():
            plain = not isinstance(factor, Number) and not (isinstance(factor, Pow) and (
                all(arg.is_Integer for arg in factor.args)
                or (factor.is_commutative and bool(factor.exp.as_coeff_Mul()[0] < 0))))
            text = self.parenthesize(factor, level, strict=False)
            plain = plain and not (text.startswith("*") or text.endswith("*"))  # no ** across a join
            return plain, text.replace("**", "^").replace("*", "·")
        return _remembered_by(self, ("factor", level), factor, work)

    def _print_Sum(self, expr):
        (l, a, b), = expr.limits[:1]
        body = self.parenthesize(expr.function, 40)
        return f"Σ[{self._print(l)}={self._print(a)}..{self._print(b)}] {body}"

    def _print_KroneckerDelta(self, expr):
        a, b = (self._print(arg) for arg in expr.args)
        return f"δ_{a}{b}" if len(a) == len(b) == 1 else f"δ_{{{a},{b}}}"

    def _print_Derivative(self, expr):
        if len(expr.variable_count) == 1 and expr.variable_count[0][1] > 1:  # ∂^3/∂x^3 (f)
            variable, count = expr.variable_count[0]
            return f"∂^{count}/∂{self._print(variable)}^{count} ({self._print(expr.expr)})"
        variables = "".join(f"∂{self._print(v)}" for v in expr.variables)
        operand = expr.expr.args[0] if isinstance(expr.expr, UnevaluatedExpr) else expr.expr  # one pair of brackets
        return f"∂/{variables} ({self._print(operand)})"

    def _print_UnevaluatedExpr(self, expr):
        return f"({self._print(expr.args[0])})"

    def _print_Equality(self, expr):
        return f"{self._print(expr.lhs)} = {self._print(expr.rhs)}"

    def _print_Unequality(self, expr):
        return f"{self._print(expr.lhs)} ≠ {self._print(expr.rhs)}"

    def _print_LessThan(self, expr):
        return f"{self._print(expr.lhs)} ≤ {self._print(expr.rhs)}"

    def _print_And(self, expr):
        return " and ".join(self._print(arg) for arg in chain_inequalities(expr))

    def _print_Or(self, expr):
        return " or ".join(self._print(arg) for arg in expr.args)

    def _print_Max(self, expr):
        return "max(" + ", ".join(self._print(arg) for arg in expr.args) + ")"

    def _print_Min(self, expr):
        return "min(" + ", ".join(self._print(arg) for arg in expr.args) + ")"

    def _print_Chain(self, expr):
        return " ≤ ".join(self._print(arg) for arg in expr.args)

    def _print_Piecewise(self, expr):
        return "{ " + "; ".join(f"{self._print(e)} if {self._print(c)}" for e, c in expr.args) + " }"


class MathLatexPrinter(Remembering, LatexPrinter):
    """SymPy's LaTeX, with positive terms first and held sub-expressions in brackets,
    and the operand of a derivative in brackets whenever it is a sum or a product (d/dx (x^2 sin x),
    not d/dx x^2 sin x, which reads as a product with the derivative of x^2)."""

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


    def _as_ordered_terms(self, expr, order=None):
        return _positive_first(super()._as_ordered_terms(expr, order))

    def parenthesize(self, item, level, is_neg=False, strict=False):
        if isinstance(item, UnevaluatedExpr):
            return self._print(item)
        value = _precedence_traditional(item)  # SymPy's, the precedence remembered
        if (is_neg and strict) or value < level or (not strict and value <= level):
            return self._add_parens(self._print(item))
        return self._print(item)

    def _print_Add(self, expr, order=None):
        """SymPy's LatexPrinter._print_Add: each term's LaTeX, first and after another term, worked
        out once (`_term`); a printer that remembers nothing (it may mark what it prints) prints
        each term as SymPy does, in turn, the negative of a negative term after the first."""
        if not self.remember:
            pieces = []
            for number, term in enumerate(self._as_ordered_terms(expr, order=order)):
                if number and _negative(term):
                    pieces.append(" - ")
                    term = _negated(term)
                elif number:
                    pieces.append(" + ")
                text = self._print(term)
                pieces.append(rf"\left({text}\right)" if self._needs_add_brackets(term) else text)
            return "".join(pieces)
        return "".join(self._add_pieces(expr, order))

    def _add_pieces(self, expr, order=None) -> list[str]:
        """The LaTeX of a sum in pieces, the remembered texts of its terms (see `_term`): the
        first term's, then each other's with its sign."""
        terms = sorted((self._term(term) for term in LatexPrinter._as_ordered_terms(self, expr, order)),
                       key=lambda term: term[0])  # positive terms first, as `_as_ordered_terms`
        return [terms[0][1], *(after for _, _, after in terms[1:])]

    def _term(self, term) -> tuple[bool, str, str]:
        """Whether ``term`` is negative, its LaTeX as the first term of a sum, and after another
        (`` - `` and its negative, or `` + `` and itself); remembered with the printer's texts."""
        def work():
            def written(term):
                text = self._print(term)
                return rf"\left({text}\right)" if self._needs_add_brackets(term) else text
            first = written(term)
            negative = _negative(term)
            return negative, first, " - " + written(_negated(term)) if negative else " + " + first
        return _remembered_by(self, ("term",), term, work)

    def _needs_add_brackets(self, expr) -> bool:
        return _remembered("add brackets", expr, partial(LatexPrinter._needs_add_brackets, self))

    def _needs_mul_brackets(self, expr, first=False, last=False) -> bool:
        return _remembered(("mul brackets", first, last), expr,
                           partial(LatexPrinter._needs_mul_brackets, self, first=first, last=last))

    def _print_Mul(self, expr):
        product = _factors_in_reading_order(expr)
        if isinstance(product, Mul) and self.order in ("old", "none") and not _negative(product):
            args = product.args
            if self.remember:  # each factor's plainness and LaTeX in its place, remembered together
                placed = [self._placed(factor, number == 0, number == len(args) - 1)
                          for number, factor in enumerate(args)]
                if all(plain for plain, _, _, _ in placed):
                    return self._joined(placed)
            elif all(_remembered("latex plain", factor, _latex_plain) for factor in args):
                return self._factors(args)
        return super()._print_Mul(product)

    def _placed(self, factor, first: bool, last: bool) -> tuple[bool, str, bool, bool]:
        """Whether ``factor`` is plain (`_latex_plain`), its LaTeX as `_factors` writes it in that
        place of a product (in brackets or not), and whether that starts and ends with a number;
        remembered with the printer's texts."""
        def work():
            text = self._print(factor)
            if self._needs_mul_brackets(factor, first=first, last=last):
                text = r"\left(%s\right)" % text
            return (_latex_plain(factor), text, bool(_between_two_numbers[1].match(text)),
                    bool(_between_two_numbers[0].search(text)))
        return _remembered_by(self, ("placed", first, last), factor, work)

    def _joined(self, placed) -> str:
        """`_factors` of the factors ``placed`` (see `_placed`)."""
        separator, between_numbers = self._settings["mul_symbol_latex"], self._settings["mul_symbol_latex_numbers"]
        pieces, written, number_before = [], False, False
        for _, text, starts, ends in placed:
            if number_before and starts:
                pieces.append(between_numbers)
            elif written:
                pieces.append(separator)
            pieces.append(text)
            written, number_before = written or bool(text), ends
        return "".join(pieces)

    def _factors(self, args) -> str:
        """What SymPy's LatexPrinter._print_Mul writes for a product with no sign to take out, no
        fraction to make and no physical unit (see `_latex_plain`): its ``convert_args``, the
        factors in turn, each in brackets where SymPy puts them, a dot between two numbers."""
        separator, between_numbers = self._settings["mul_symbol_latex"], self._settings["mul_symbol_latex_numbers"]
        tex = last = ""
        for number, factor in enumerate(args):
            text = self._print(factor)
            if self._needs_mul_brackets(factor, first=number == 0, last=number == len(args) - 1):
                text = r"\left(%s\right)" % text
            if _between_two_numbers[0].search(last) and _between_two_numbers[1].match(text):
                tex += between_numbers
            elif tex:
                tex += separator
            tex += text
            last = text
        return tex

    def _print_UnevaluatedExpr(self, expr):
        inner = expr.args[0]
        if isinstance(inner, (Mul, Pow)) or inner.is_Atom or isinstance(inner, (Sum, Indexed)):
            return self._print(inner)  # a fraction or a single term needs no brackets of its own
        return r"\left(" + self._print(inner) + r"\right)"

    def _print_And(self, expr):
        return r",\ ".join(self._print(arg) for arg in chain_inequalities(expr))

    def _print_Or(self, expr):
        return r" \text{ or } ".join(self._print(arg) for arg in expr.args)

    def _print_Chain(self, expr):
        return r" \le ".join(self._print(arg) for arg in expr.args)


def _latex_plain(factor) -> bool:
    """Whether SymPy's LaTeX writes ``factor`` in a product just as it stands: no fraction of
    integers, no power (nor exponential) with a negative exponent for a fraction's denominator,
    no unit. (Whole numbers and floats stand in the numerator, as they are.)"""
    if (factor.is_Rational and not factor.is_Integer) or hasattr(factor, "_scale_factor") \
            or hasattr(factor, "is_physical_constant"):
        return False
    if isinstance(factor, Pow) and hasattr(factor.base, "is_physical_constant"):
        return False
    return not (factor.is_commutative and (factor.is_Pow or isinstance(factor, exp))
                and factor.as_base_exp()[1].is_negative)


class RememberingReprPrinter(Remembering, ReprPrinter):
    """`sympy.srepr`, each compound sub-expression printed once."""

    def _print_Add(self, expr, order=None):
        """SymPy's ReprPrinter._print_Add, the string made in one join: a long sum's text (a step's
        whole expression) is not copied twice more."""
        pieces = [type(expr).__name__ + "("]
        for number, term in enumerate(self._as_ordered_terms(expr, order=order)):
            pieces += [", ", self._print(term)] if number else [self._print(term)]
        pieces.append(")")
        return "".join(pieces)


_text = TextPrinter({"order": "none"})
_repr = RememberingReprPrinter({"order": "none"})
_latex = MathLatexPrinter({"order": "none"})


def forget() -> None:
    """Empty the printers' memories (a benchmark times a printer as a fresh process meets it)."""
    clear()
    pretty_rows.cache_clear()


def show_text(expr: Basic) -> str:
    return _text.doprint(expr)


def text_size(expr: Basic) -> int:
    """About the length of `show_text` of ``expr`` (exact for an atom; for a compound, the remembered
    texts of its arguments and a separator between each two): enough to decide whether to show it,
    without printing and ordering a large top-level sum afresh."""
    if not isinstance(expr, Basic) or not expr.args:
        return len(show_text(expr))
    _text._print_level += 1  # print the arguments as the printer does below the top, from memory
    try:
        return sum(len(_text._print(arg)) for arg in expr.args) + 3 * (len(expr.args) - 1)
    finally:
        _text._print_level -= 1


def show_latex(expr: Basic) -> str:
    return _latex.doprint(expr)


def show_latex_pieces(expr: Basic) -> list[str]:
    """Strings whose concatenation is `show_latex` of ``expr``: for a sum, the remembered text of
    each term (the same string objects from one step to the next, so that a printer can work on
    each once, such as escaping it for JSON), else the whole text as one piece."""
    if type(expr) is not Add:
        return [show_latex(expr)]
    _latex._print_level += 1  # as `doprint` prints the sum: at the top, its terms below it
    try:
        return _latex._add_pieces(expr)
    finally:
        _latex._print_level -= 1


def show_srepr(expr: Basic) -> str:
    """The same string as ``sympy.srepr(expr, order="none")``: the terms of a sum in the order SymPy
    stores them (the same in every run), not sorted afresh for each large sum (which took most of the
    time of a large JSON export); and faster over the shared parts of many expressions.
    srepr writes an expression the same way at any depth, so a whole expression is remembered too
    (the expression before a step is the one after the step before)."""
    _repr._print_level += 1
    try:
        return str(_repr._print(expr))
    finally:
        _repr._print_level -= 1


class PrettyTextPrinter(PrettyPrinter):
    """SymPy's two-dimensional unicode form, with positive terms first and the names of the
    one-line form for indexed inputs and Kronecker deltas (S_ij, δ_jk)."""

    def _as_ordered_terms(self, expr, order=None):
        return _positive_first(super()._as_ordered_terms(expr, order))

    def _print_Mul(self, expr):
        """SymPy's picture of a product (factors with a negative power under the bar), in reading
        order; written out here because SymPy's own first imports its physical units (0.3 s at a
        cold start) only to put them last, and no expression of ours holds one."""
        product = _factors_in_reading_order(expr)
        args = product.args
        if args[0] is S.One or any(isinstance(arg, Number) for arg in args[1:]):  # unevaluated: as it stands
            shown = [self._print(arg) for arg in args]
            negative = shown[0] == "-1"
            if negative:
                shown[0] = prettyForm("1", 0, 0)
            form = prettyForm.__mul__(*shown)
            return prettyForm("-" + form.s, form.baseline, form.binding) if negative else form
        above, below = [], []
        for item in args:
            if item.is_commutative and item.is_Pow and item.exp.is_Rational and item.exp.is_negative:
                below.append(Pow(item.base, -item.exp, evaluate=item.exp == -1))
            elif item.is_Rational and item is not S.Infinity:
                if item.p != 1:
                    above.append(Rational(item.p))
                if item.q != 1:
                    below.append(Rational(item.q))
            else:
                above.append(item)
        above = [self._print(item) for item in above] or [self._print(S.One)]
        if not below:
            return prettyForm.__mul__(*above)
        return prettyForm.__mul__(*above) / prettyForm.__mul__(*[self._print(item) for item in below])

    def _print_Indexed(self, expr):
        return prettyForm(show_text(expr))

    def _print_KroneckerDelta(self, expr):
        return prettyForm(show_text(expr))

    def _print_UnevaluatedExpr(self, expr):
        return self._print(expr.args[0])


    def __init__(self, settings=None, parts: tuple = ()):
        super().__init__(settings)
        self.parts, self.met = tuple(parts), [0] * len(parts)

    def _print(self, expr, **kwargs):
        form = super()._print(expr, **kwargs)
        if self.parts and isinstance(expr, Basic) and expr in self.parts:
            self.met[self.parts.index(expr)] += 1  # the part drawn in cells of its own, filled with HIDDEN
            return prettyForm("\n".join(HIDDEN * len(line) for line in form.picture), form.baseline, form.binding)
        return form


HIDDEN = "\x00"  # fills the cells of a part when the picture is drawn a second time, to find them
PRETTY = {"use_unicode": True, "wrap_line": False, "order": "none"}
_pretty = PrettyTextPrinter(PRETTY)


@functools.lru_cache(maxsize=8192)
def pretty_rows(expr: Basic) -> int:
    """A lower bound of the rows `show_pretty` takes for ``expr``, worked out without drawing it
    (a picture that cannot fit is then never drawn: drawing is SymPy's slowest printer). A sum's
    sign takes 8 rows with its limits, a derivative's fraction 3, a fraction its numerator, its
    bar and its denominator, a power at least one row above its base."""
    if not isinstance(expr, Basic) or not expr.args:
        return 1
    if isinstance(expr, Sum):
        return max(8, pretty_rows(expr.function))
    if isinstance(expr, Derivative):
        return max(3, pretty_rows(expr.expr))
    if isinstance(expr, Pow):
        if expr.exp == -1 or (expr.exp.is_Number and expr.exp < 0):
            return pretty_rows(1 / expr) + 2
        if expr.exp.is_Rational and expr.exp.q == 2:
            return pretty_rows(expr.base)
        if isinstance(expr.base, Function):  # tan²(u): the exponent is written on the name, beside u
            return max(pretty_rows(expr.base), 2)
        return pretty_rows(expr.base) + 1
    if isinstance(expr, Mul):
        below = [factor for factor in expr.args if isinstance(factor, Pow) and factor.exp.is_Number and factor.exp < 0]
        above = [factor for factor in expr.args if factor not in below]
        if below:
            return (max((pretty_rows(factor) for factor in above), default=1)
                    + max(pretty_rows(1 / factor) for factor in below) + 1)
    return max(pretty_rows(arg) for arg in expr.args)


def show_pretty(expr: Basic, prefix: str = "") -> str:
    """``expr`` in two dimensions (several lines of unicode), never wrapped; ``prefix`` (such as
    "= ") written on its baseline."""
    return _drawn(_pretty, expr, prefix)


def _drawn(printer: PrettyPrinter, expr: Basic, prefix: str) -> str:
    form = printer._print(expr)
    if prefix:
        form = prettyForm(*stringPict.next(prefix, form))
    return form.render(wrap_line=False)


def show_pretty_equation(sides) -> str:
    """``sides[0] = sides[1] = ...`` in two dimensions, the sides on one baseline."""
    forms = [_pretty._print(side) for side in sides]
    joined = [forms[0]]
    for form in forms[1:]:
        joined += [" = ", form]
    return prettyForm(*stringPict.next(*joined)).render(wrap_line=False)


def pretty_cells(expr: Basic, parts, prefix: str = "") -> tuple[tuple[int, int, int], ...]:
    """The cells ``parts`` fill in the picture `show_pretty` draws of ``expr``, as (row, start,
    end) runs; () unless each part is drawn exactly once. Found by drawing the picture again with
    the parts' cells hidden: no guessing from the picture's characters."""
    printer = PrettyTextPrinter(PRETTY, parts=tuple(parts))
    hidden = _drawn(printer, expr, prefix)
    if not parts or printer.met != [1] * len(printer.parts):
        return ()
    plain = show_pretty(expr, prefix).split("\n")
    runs = []
    for row, (seen, line) in enumerate(zip(hidden.split("\n"), plain)):
        if len(seen) != len(line):
            return ()
        column = 0
        while column < len(seen):
            if seen[column] == HIDDEN:
                start = column
                while column < len(seen) and seen[column] == HIDDEN:
                    column += 1
                runs.append((row, start, column))
            else:
                column += 1
    return tuple(runs)
