"""The records a derivation is made of: frozen dataclasses holding SymPy objects.

Every printer tells the story from these alone; none of them differentiates or simplifies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import Callable, Mapping

from sympy import Basic, Expr, UnevaluatedExpr

from derive.rules import Definition, Rule
from derive.show import show_text

PRINTERS = "derive.printers"  # the package whose render(derivation, format) tells a derivation's story
NO_REAL_VALUE = "no real value"  # what a check records as the value of a side that has none at its counterexample


@dataclass(frozen=True)
class Step:
    """One rule applied once: the whole expression ``before`` became ``after``.

    ``node`` is the sub-expression the rule rewrote; ``bindings`` fill its justification;
    ``case`` is the relation in force (``Eq(j, k)``, ``Ne(j, k)``) or ``None`` when shared;
    ``stage`` the order of the derivative being worked out (2 in the steps of the second
    derivative, which start from d/dx of the first derivative's result).
    ``replacement`` is what the rule put in the node's place (for a case split, this case's
    branch), and ``path`` the position of the node in ``before`` (argument indices from the
    root): the focus of the step, which printers show and highlight.
    """

    rule: Rule
    bindings: Mapping[str, Basic]
    before: Expr
    after: Expr
    node: Basic
    case: Basic | None = None
    stage: int = 1
    replacement: Basic | None = None
    path: tuple[int, ...] = ()

    def why(self, show: Callable[[Basic], str] = str) -> str:
        """The justification sentence, with each concrete part shown by ``show``."""
        return self.rule.justify(self.bindings, show)

    def explain(self, show: Callable[[Basic], str] = str) -> str:
        """The rule's longer explanation for readers who got stuck here, or ''."""
        if not self.rule.explanation:
            return ""
        return self.rule.explanation.format(**{k: show(v) for k, v in self.bindings.items()})

    @property
    def justification(self) -> str:
        return self.why(show_text)


def plain(expr: Expr) -> Expr:
    """``expr`` without the groupings the rules hold for display (`UnevaluatedExpr`): a plain
    SymPy expression a program can substitute into and evaluate."""
    if not isinstance(expr, Basic) or not expr.has(UnevaluatedExpr):
        return expr
    return expr.replace(lambda node: isinstance(node, UnevaluatedExpr), lambda node: node.args[0])


def _plain_result(record) -> None:
    """``result`` made plain; ``shown`` the display form it came from (a ``shown`` left over from
    another result, by dataclasses.replace(record, result=...), is dropped)."""
    if record.shown is None or plain(record.shown) != plain(record.result):
        object.__setattr__(record, "shown", record.result)
    object.__setattr__(record, "result", plain(record.result))


@dataclass(frozen=True)
class Case:
    """One branch of a case split, carried to its end. ``result`` is a plain SymPy expression;
    ``shown`` is the same as the last step wrote it, for display."""

    relation: Basic
    steps: tuple[Step, ...]
    result: Expr
    shown: Expr | None = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        _plain_result(self)


@dataclass(frozen=True)
class Check:
    """The verdict of the independent checker on one claim (a step, or the result), with what
    it rests on as data: printers read these fields, never the sentence in ``detail``.

    ``step`` is the number of the step checked (None for a check of the result); ``points`` how
    many points both sides were compared at, ``confirmed`` how many of them at 30 digits;
    ``scales`` the smallest and largest size of an input there; ``lengths`` the lengths L and
    ``patterns`` the patterns of equal indices (groups of index symbols) they were drawn under;
    ``length_symbols`` the names of the lengths (N, as the function writes them) set to ``lengths``;
    ``region`` the case's relation; ``seed`` the run's seed; ``counterexample`` the point where
    the sides differ, as (name, value) pairs."""

    subject: str
    passed: bool
    method: str
    detail: str = ""
    symbolic: bool | None = None
    step: int | None = None
    points: int = 0
    confirmed: int = 0
    scales: tuple[float, float] | None = None
    lengths: tuple[int, ...] = ()
    patterns: tuple[tuple[tuple[Basic, ...], ...], ...] = ()
    region: Basic | None = None
    seed: int | None = None
    counterexample: tuple[tuple[str, str], ...] = ()
    length_symbols: tuple[str, ...] = ()  # the names of the lengths (N), as the function writes them


@dataclass(frozen=True)
class Verification:
    steps: tuple[Check, ...]
    result: tuple[Check, ...]
    seed: int | None = None

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.steps + self.result)

    @property
    def failures(self) -> tuple[Check, ...]:
        return tuple(check for check in self.steps + self.result if not check.passed)


class Checked:
    """What a record made of checks (``checks``, a tuple of `Check`) answers, the way a `Derivation`
    does: whether all passed, which failed, and the checks as a `Verification`."""

    checks: tuple[Check, ...]

    @property
    def verified(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if not check.passed)

    @property
    def verification(self) -> Verification:
        """The checks in the shape a `Derivation` has them (so code written for one reads both)."""
        return Verification((), self.checks)


@dataclass(frozen=True)
class Symbol:
    """What a symbol of the notation means, for the reader."""

    symbol: Basic
    meaning: str


@dataclass(frozen=True)
class Derivation:
    """A whole derivation of d expression / d variable.

    ``steps`` are shared by every case; ``cases`` (possibly empty) follow a case split;
    ``result`` is the last step's expression (a ``Piecewise`` over the cases when split) as a
    plain SymPy expression, and ``shown`` the same with the groupings the rules held for display;
    ``merge`` is the step that joins the cases into ``unified``; ``closed_form`` holds the
    expected result per case that the checker compares against.
    """

    title: str
    route: str
    expression: Expr
    variable: Expr
    steps: tuple[Step, ...]
    cases: tuple[Case, ...]
    result: Expr
    merge: Step | None = None
    definitions: tuple[Definition, ...] = ()
    legend: tuple[Symbol, ...] = ()
    closed_form: tuple[tuple[Basic, Expr], ...] = ()
    verification: Verification | None = None
    name: Expr | None = field(default=None)
    shown: Expr | None = field(default=None, compare=False, repr=False)
    order: int = 1  # the order of the derivative: its steps run through the orders in turn (Step.stage)
    wrt: tuple[Expr, ...] = ()  # a mixed derivative's variables, in the order taken (z_j, then z_k); else ()
    lemmas: tuple["Derivation", ...] = ()  # the derivatives of named parts, each derived once, used by the steps

    @property
    def start(self) -> Expr:
        """The derivative to work out, as the first step found it."""
        steps = self.all_steps()
        if steps:
            return steps[0].before
        from sympy import Derivative

        return Derivative(self.expression, self.variable, evaluate=False)

    def __post_init__(self):
        _plain_result(self)

    @property
    def asked(self) -> Expr:
        """The derivative asked for: d expression / d variable, of ``order`` (or by each of ``wrt`` in turn)."""
        from sympy import Derivative

        if self.wrt:
            return Derivative(self.expression, *self.wrt, evaluate=False)
        return Derivative(self.expression, (self.variable, self.order), evaluate=False)

    @property
    def unified(self) -> Expr:
        """The result in one expression (the cases merged), a plain SymPy expression."""
        return plain(self.shown_unified)

    @property
    def shown_unified(self) -> Expr:
        return self.merge.after if self.merge is not None else self.shown

    @property
    def verified(self) -> bool:
        return self.verification is not None and self.verification.passed

    def all_steps(self) -> tuple[Step, ...]:
        """Shared steps, then each case's steps in order, then the merge step."""
        ordered = list(self.steps)
        for case in self.cases:
            ordered.extend(case.steps)
        if self.merge is not None:
            ordered.append(self.merge)
        return tuple(ordered)

    def render(self, format: str = "text", **options) -> str:
        """The derivation in ``format``, by the printer of that name. Records import no printer:
        the printers sit above them and are found by name when asked for."""
        return import_module(PRINTERS).render(self, format, **options)

    def to_latex(self, **options) -> str:
        return self.render("latex", **options)

    def to_markdown(self, **options) -> str:
        return self.render("markdown", **options)

    def to_json(self, **options) -> str:
        return self.render("json", **options)

    def _repr_latex_(self) -> str:
        return self.render("latex", fragment=True, display=True)
