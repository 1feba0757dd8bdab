"""HTML: one self-contained page, the mathematics as MathML (SymPy's presentation printer).

The page loads nothing: no script, no font, no style sheet from elsewhere (its content security
policy forbids it), so it opens the same offline. Each step is a ``<details>`` element: its
summary gives the number, the rule, the checker's verdict and the focus (the part the rule
worked on, before and after); opened, it gives the justification, the rule's law and longer
explanation on demand, and the whole expression with the focus highlighted (class ``focus``).
The checks close the page, one line per kind of check.
"""

from __future__ import annotations

from html import escape

from sympy import Basic, Indexed, Integer, Mul, Pow, Sum, UnevaluatedExpr
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.conventions import requires_partial
from sympy.core.function import AppliedUndef
from sympy.printing.mathml import MathMLPresentationPrinter
from sympy.printing.pretty.pretty_symbology import greek_unicode

from derive.engine.records import Derivation
from derive.memory import same as _same
from derive.show import (_factors_in_reading_order, _negated, _negative, _positive_first, _precedence_traditional,
                         chain_inequalities)
from .check import summary
from .focus import Focus, focus
from .story import (FAILED, PASSED, Block, Numbered, blocks, evidence, focus_after, focus_chain, lemma_heading,
                    lemma_verdict, sentence, verdict)
from .law_mathml import NotInLaws, law_mathml

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem;
       line-height: 1.5; color: #1b1b1b; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
details.step { border-left: 3px solid #c9d3e0; margin: 0.6rem 0; padding: 0.1rem 0.8rem; }
details.step > summary { cursor: pointer; }
.rule { font-weight: 600; }
.passed { color: #1a7f37; } .FAILED { color: #b00020; font-weight: 700; } .unchecked { color: #8a6d00; }
.math { overflow-x: auto; overflow-y: hidden; padding: 0.2rem 0; }
math { font-size: 1.1em; }
mrow.focus { background: #ffe58a; border-radius: 0.2em; }
.law { color: #444; }
details.why > summary { cursor: pointer; color: #3558a8; }
#checks { border-top: 2px solid #c9d3e0; margin-top: 2rem; }
#checks li.FAILED { color: #b00020; }
"""
POLICY = "default-src 'none'; style-src 'unsafe-inline'"


class _MathML(MathMLPresentationPrinter):
    """SymPy's presentation MathML, written as the other formats write: positive terms first,
    factors in reading order, a derivative's operand in brackets when it is a sum or product,
    δ_jk, cases in a brace; each subtree's MathML remembered, the focus in ``mrow class=focus``."""

    def __init__(self):
        super().__init__({"order": "none"})
        self.known: dict[Basic, str] = {}
        self.terms: dict[Basic, tuple[bool, str, str]] = {}  # see `_term`
        self.focus: Focus | None = None
        self.met: list[str] = []

    # what is printed once is remembered, as text that the page takes as it is
    def _print(self, expr, *args, **kwargs):
        if args or kwargs or not isinstance(expr, Basic):
            return super()._print(expr, *args, **kwargs)
        where = self.focus.where(expr) if self.focus is not None else "plain"
        if where == "mark":
            self.met.append(where)
            return self._element("mrow", self._plain(expr), **{"class": "focus"})
        if where == "descend":
            return super()._print(expr)
        if where == "stray":
            self.met.append(where)
        return self.dom.createTextNode(self._plain(expr))

    def _plain(self, expr: Basic) -> str:
        expr = _same(expr) if expr.args else expr  # found by identity when met before, equal or not
        known = self.known.get(expr)
        if known is None:
            focus, self.focus = self.focus, None
            try:
                known = self.known[expr] = super()._print(expr).toxml()
            finally:
                self.focus = focus
        return known

    def math(self, expr: Basic, highlight=None) -> str:
        """The MathML of ``expr`` (an ``mrow``), with ``highlight`` (from `focus`) boxed when it
        is printed exactly once."""
        if highlight is None:
            return self._plain(expr)
        self.focus, self.met = highlight, []
        try:
            text = self._print(expr).toxml()
        finally:
            self.focus = None
        return text if self.met == ["mark"] else self._plain(expr)

    def _element(self, name: str, *children, **attributes):
        element = self.dom.createElement(name)
        for key, value in attributes.items():
            element.setAttribute(key, value)
        for child in children:
            element.appendChild(self.dom.createTextNode(child) if isinstance(child, str) else child)
        return element

    def _fenced(self, inner):
        return self._element("mrow", self._element("mo", "("), inner, self._element("mo", ")"))

    def _as_ordered_terms(self, expr, order=None):
        return _positive_first(super()._as_ordered_terms(expr, order))

    def _print_Mul(self, expr):
        """A product in reading order, factors with a negative power under a fraction bar, as the
        text form writes it (e^(-x)/(1 + e^(-x))^2, not 1/(e^x (1 + e^(-x))^2)); written here
        because SymPy's own reorders the factors and splits the fraction afresh at every level,
        which took most of the time of a large page. With no focus to mark, written as text (the
        text the elements would make, without making them)."""
        written = self._as_text()
        tag, node = (_tag, self._plain) if written else (self._element, self._print)
        parts = []
        if _negative(expr):
            parts.append(tag("mo", "-"))
            expr = _negated(expr)
        above, below = [], []
        for item in Mul.make_args(_factors_in_reading_order(expr)):
            if item.is_commutative and item.is_Pow and item.exp.is_Rational and item.exp.is_negative:
                below.append(Pow(item.base, -item.exp, evaluate=item.exp == -1))
            elif item.is_Rational and item.q != 1:
                above.extend([Integer(item.p)] if item.p != 1 else [])
                below.append(Integer(item.q))
            else:
                above.append(item)
        if below:
            top = Mul(*above, evaluate=False) if len(above) > 1 else (above[0] if above else Integer(1))
            bottom = Mul(*below, evaluate=False) if len(below) > 1 else below[0]
            parts.append(tag("mfrac", node(top), node(bottom)))
        else:
            times = self.mathml_tag(expr) if len(above) > 1 else None
            for position, item in enumerate(above):
                if position:
                    parts.append(tag("mo", times))
                parts.append(node(item) if position == 0 and item.is_Number
                             else self._parenthesized(item, PRECEDENCE["Mul"], tag, node))
        return self.dom.createTextNode(tag("mrow", *parts)) if written else tag("mrow", *parts)

    def _print_Add(self, expr, order=None):
        """SymPy's sum, each term's sign and negative worked out once per process; with no focus
        to mark, written from each term's MathML, first and after another (`_term`)."""
        if self._as_text():
            terms = sorted((self._term(term) for term in super()._as_ordered_terms(expr, order)),
                           key=lambda term: term[0])  # positive terms first, as `_as_ordered_terms`
            return self.dom.createTextNode(
                "<mrow>" + terms[0][1] + "".join(after for _, _, after in terms[1:]) + "</mrow>")
        terms = self._as_ordered_terms(expr, order=order)
        mrow = self._element("mrow", self._print(terms[0]))
        for term in terms[1:]:
            negative = _negative(term)
            mrow.appendChild(self._element("mo", "-" if negative else "+"))
            mrow.appendChild(self._print(_negated(term) if negative else term))
        return mrow

    def _as_text(self) -> bool:
        """Whether a sum or a product is written as text rather than as elements (the same text
        once serialized): when there is no focus to mark in it."""
        return self.focus is None

    def _term(self, term: Basic) -> tuple[bool, str, str]:
        """Whether ``term`` is negative, its MathML as the first term of a sum and after another
        (a minus and its negative, or a plus and itself), as `_print_Add` writes them with no
        focus; remembered while the page is written."""
        term = _same(term)
        known = self.terms.get(term)
        if known is None:
            negative = _negative(term)
            first = self._plain(term)
            known = self.terms[term] = (negative, first, "<mo>-</mo>" + self._plain(_negated(term)) if negative
                                       else "<mo>+</mo>" + first)
        return known

    def parenthesize(self, item, level, strict=False):
        """SymPy's, the precedence worked out once per process."""
        return self._parenthesized(item, level, self._element, self._print, strict)

    def _parenthesized(self, item, level, tag, node, strict=False):
        """`parenthesize`, with ``tag`` and ``node`` making an element and a sub-expression's
        MathML (as elements, or as text: `_tag` and `_plain`)."""
        value = _precedence_traditional(item)
        if value < level or (not strict and value <= level):
            return tag("mrow", tag("mo", "("), node(item), tag("mo", ")"))
        return node(item)

    def _print_Derivative(self, expr):
        operand = expr.expr.args[0] if isinstance(expr.expr, UnevaluatedExpr) else expr.expr
        d = "&#x2202;" if requires_partial(expr.expr) else "d"

        def symbol(count=1):
            mark = self._element("mi", d, mathvariant="normal")
            return mark if count == 1 else self._element("msup", mark, self._print(count))

        below, order = self._element("mrow"), 0
        for variable, count in reversed(expr.variable_count):
            order += count
            below.appendChild(symbol(count))
            below.appendChild(self._print(variable))
        body = self._fenced(self._print(operand)) if operand.is_Add or operand.is_Mul else self._print(expr.expr)
        return self._element("mrow", self._element("mfrac", symbol(order), below), body)

    def mathml_tag(self, expr):
        """A function named after a Greek letter (the sigmoid's sigma) is written as the letter."""
        tag = super().mathml_tag(expr)
        return greek_unicode.get(tag, tag) if isinstance(expr, AppliedUndef) else tag

    def _print_Exp1(self, expr):
        return self._element("mi", "e", mathvariant="normal")

    def _print_UnevaluatedExpr(self, expr):
        inner = expr.args[0]
        if isinstance(inner, (Mul, Pow, Sum, Indexed)) or inner.is_Atom:
            return self._print(inner)
        return self._fenced(self._print(inner))

    def _print_Indexed(self, expr):
        indices = self._element("mrow")
        for i, index in enumerate(expr.indices):
            if i:
                indices.appendChild(self._element("mo", ",", separator="true"))
            indices.appendChild(self._print(index))
        return self._element("msub", self._print(expr.base.label), indices)

    def _print_KroneckerDelta(self, expr):
        indices = self._element("mrow", *(self._print(arg) for arg in expr.args))
        return self._element("msub", self._element("mi", "&#x3B4;"), indices)

    def _print_Piecewise(self, expr):
        rows = self._element("mtable", columnalign="left")
        for value, condition in expr.args:
            words = self._element("mtext", "otherwise" if condition == True else "for\u00a0")  # noqa: E712
            rows.appendChild(self._element("mtr", self._element("mtd", self._print(value)),
                                           self._element("mtd", words if condition == True  # noqa: E712
                                                         else self._element("mrow", words, self._print(condition)))))
        return self._element("mrow", self._element("mo", "{"), rows)

    def _print_And(self, expr):
        parts = self._element("mrow")
        for i, arg in enumerate(chain_inequalities(expr)):
            if i:
                parts.appendChild(self._element("mo", ","))
            parts.appendChild(self._print(arg))
        return parts

    def _print_Chain(self, expr):
        parts = self._element("mrow")
        for i, arg in enumerate(expr.args):
            if i:
                parts.appendChild(self._element("mo", "&#x2264;"))
            parts.appendChild(self._print(arg))
        return parts


def _tag(name: str, *children: str) -> str:
    """The text of the element `_MathML._element` makes of ``name`` and ``children`` (given as
    text), as ``toxml`` writes it: ``<name/>`` when it has none."""
    return f"<{name}>{''.join(children)}</{name}>" if children else f"<{name}/>"


def _math(mrow: str, *, block: bool = False) -> str:
    return f'<math display="block">{mrow}</math>' if block else f"<math>{mrow}</math>"


def _law(law: str) -> str:
    """A rule's law as MathML; as its LaTeX source, in code type, only when it is written outside
    the part of LaTeX that law_mathml reads (a test keeps every rule's law inside it)."""
    try:
        return _math(law_mathml(law))
    except NotInLaws:
        return f"<code>{escape(law)}</code>"


def _equation(left: str, right: str) -> str:
    return f'<div class="math">{_math(left + "<mo>=</mo>" + right, block=True)}</div>'


class _Page:
    """The page of one derivation, built piece by piece."""

    def __init__(self, derivation: Derivation, explain: bool, detail: str = "normal", prefix: str = ""):
        self.derivation, self.explain, self.printer = derivation, explain, _MathML()
        self.detail, self.prefix = detail, prefix  # ``prefix``: a lemma's steps have ids of their own

    def math(self, expr: Basic, highlight=None) -> str:
        """``expr`` in MathML, its minus signs the mathematical minus rather than a hyphen."""
        return self.printer.math(expr, highlight).replace("<mo>-</mo>", "<mo>&#x2212;</mo>")

    def words(self, step, explanation: bool = False) -> str:
        return "".join(escape(part) if isinstance(part, str) else _math(self.math(part))
                       for part in sentence(step, explanation=explanation))

    def mark(self, told: Numbered) -> str:
        if told.status == PASSED:
            return f'<span class="passed">&#x2713; checked ({escape(told.check.method)})</span>'
        if told.status == FAILED:
            return f'<span class="FAILED">&#x2717; check FAILED ({escape(told.check.detail)})</span>'
        return '<span class="unchecked">not checked</span>'

    def step(self, told: Numbered) -> str:
        step = told.step
        chain = focus_chain(told) or (step.node, told.after)
        parts = [f'<details class="step" id="{self.prefix}step-{told.number}"><summary><span class="rule">({told.number}) '
                 f"{escape(step.rule.name)}</span> {self.mark(told)}"
                 f"{_equation(self.math(chain[0]), '<mo>=</mo>'.join(self.math(side) for side in chain[1:]))}</summary>",
                 f"<p>{self.words(step)}.</p>"]
        law = getattr(step.rule, "law", "")
        explanation = self.words(step, explanation=True) if step.explain() else ""
        if law or explanation:
            parts.append('<details class="why"' + (" open" if self.explain else "") + "><summary>Why?</summary>"
                         + (f'<p class="law">The law: {_law(law)}</p>' if law else "")
                         + (f"<p>{explanation}</p>" if explanation else "") + "</details>")
        for item in told.folded:
            said = (": " + _math(self.math(item.step.node) + "<mo>=</mo>" + self.math(item.step.replacement))
                    if item.step.replacement is not None else "")
            parts.append(f'<p class="folded">With the {escape(item.step.rule.name)} (step {item.number}){said} '
                         f"{self.mark(item)}</p>")
        if focus_chain(told):
            shown = focus_after(told)
            parts.append('<p>The whole expression after this step:</p>'
                         f'<div class="math">{_math("<mo>=</mo>" + self.math(told.after, focus(shown) if shown else None), block=True)}'
                         "</div>")
        parts.append("</details>")
        return "\n".join(parts)

    def block(self, block: Block) -> str:
        words = {"case": "Case ", "merge": "Merging the cases",
                 "order": f"Order {block.stage}: the derivative of the result above"}.get(block.kind, "Steps")
        title = escape(words) + (_math(self.math(block.relation)) if block.relation is not None else "") \
            + (f", order {block.stage}" if block.continued else "")
        parts = [f"<section><h2>{title}</h2>",
                 f'<div class="math">{_math(self.math(block.start), block=True)}</div>']
        parts.extend(self.step(told) for told in block.steps)
        parts.append("</section>")
        return "\n".join(parts)

    def result(self) -> str:
        derivation = self.derivation
        if derivation.name is not None:
            left = (f"<mfrac><mrow><mo>&#x2202;</mo>{self.math(derivation.name)}</mrow>"
                    f"<mrow><mo>&#x2202;</mo>{self.math(derivation.variable)}</mrow></mfrac>")
        else:
            left = self.math(derivation.asked if derivation.order > 1 else derivation.start)
        if derivation.cases:
            rows = "".join(f"<mtr><mtd>{self.math(case.shown)}</mtd><mtd><mrow><mtext>for&#xA0;</mtext>"
                           f"{self.math(case.relation)}</mrow></mtd></mtr>" for case in derivation.cases)
            right = f'<mrow><mo>{{</mo><mtable columnalign="left">{rows}</mtable></mrow>'
        else:
            right = self.math(derivation.shown)
        parts = ['<section id="result"><h2>Result</h2>', _equation(left, right)]
        if derivation.shown_unified != derivation.shown:
            parts.append(_equation("", self.math(derivation.shown_unified)))
        parts.append("</section>")
        return "\n".join(parts)

    def checks(self) -> str:
        verification = self.derivation.verification
        parts = ['<section id="checks"><h2>Checks</h2>', f"<p><strong>{escape(verdict(self.derivation))}</strong></p>"]
        if verification is not None:
            parts.extend(f"<p>{escape(line)}</p>" for line in evidence(verification))
            parts.append("<ul>" + "".join(f'<li class="{"passed" if passed else "FAILED"}">{escape(line)}</li>'
                                          for passed, line in summary(verification)) + "</ul>")
            parts.append("<p>Every check, one by one, with its points and seed: <code>--format json</code>.</p>")
        parts.append("</section>")
        return "\n".join(parts)

    def lemma(self, lemma: Derivation, number: int) -> str:
        """A lemma before the steps: its own steps (ids of their own), its result and its verdict."""
        page = _Page(lemma, self.explain, self.detail, prefix=f"lemma-{number}-")
        parts = [f"<section><h2>{escape(lemma_heading(lemma))}</h2>"]
        parts.extend(page.block(block) for block in blocks(lemma, self.detail))
        left = (f"<mfrac><mrow><mo>&#x2202;</mo>{self.math(lemma.name)}</mrow>"
                f"<mrow><mo>&#x2202;</mo>{self.math(lemma.variable)}</mrow></mfrac>")
        verdict_ = lemma_verdict(lemma)
        parts += [_equation(left, self.math(lemma.shown_unified)),
                  f'<p class="{"passed" if lemma.verified else "FAILED"}"><strong>{verdict_}</strong></p>', "</section>"]
        return "\n".join(parts)

    def page(self) -> str:
        derivation = self.derivation
        parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
                 f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
                 '<meta name="viewport" content="width=device-width, initial-scale=1">',
                 f"<title>{escape(derivation.title)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
                 f"<h1>{escape(derivation.title)}</h1>",
                 f"<p>We differentiate {_math(self.math(derivation.expression))} with respect to "
                 f"{_math(self.math(derivation.variable))}. Open a step to see why it holds and the whole "
                 f"expression after it, the part the rule worked on highlighted.</p>"]
        for definition in derivation.definitions:
            parts.append("<p>The function is defined by</p>" + _equation(self.math(definition.name),
                                                                         self.math(definition.body)))
        if derivation.legend:
            parts.append("<p>where</p><ul>" + "".join(f"<li>{_math(self.math(entry.symbol))}: {escape(entry.meaning)}</li>"
                                                     for entry in derivation.legend) + "</ul>")
        parts.extend(self.lemma(lemma, number) for number, lemma in enumerate(derivation.lemmas, start=1))
        parts.extend(self.block(block) for block in blocks(derivation, self.detail))
        parts += [self.result(), self.checks(), "</body>", "</html>", ""]
        return "\n".join(parts)


def render(derivation: Derivation, *, explain: bool = False, detail: str = "normal", **options) -> str:
    """The derivation as one self-contained HTML page (``explain`` opens every step's "Why?";
    ``detail``, brief, normal or full, which steps are told on their own)."""
    return _Page(derivation, explain, detail).page()

