"""The story every document printer tells, independent of the output format.

A derivation is told as blocks (the shared steps, then one block per case, then the merge),
each starting from an expression and going through numbered steps, each step paired with
the checker's verdict on it. A step's justification is cut into text and expression parts
so that each format can print the text and the mathematics its own way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sympy import Basic, Expr

from derive.engine.records import Check, Derivation, Step
from derive.rules import DETAILS
from derive.show import show_latex
from .focus import became, equation, parts

PASSED, FAILED, UNCHECKED = "passed", "FAILED", "not checked"


@dataclass(frozen=True)
class Numbered:
    """Step ``number`` (counted from 1 over `Derivation.all_steps`) and its check, if any.

    ``folded`` are the steps told within this one at a lower level of detail (see `fold`): the
    steps of rules such as the variable rule, which this step needed. Told together, they go from
    ``before`` to ``after``, and are proven only if every one of them is."""

    number: int
    step: Step
    check: Check | None
    folded: tuple["Numbered", ...] = ()

    @property
    def status(self) -> str:
        """`PASSED`, `FAILED` or `UNCHECKED`: a step is never shown as proven without a check;
        a step with folded steps shows the worst of their statuses and its own."""
        statuses = [self._own_status] + [told.status for told in self.folded]
        return next((status for status in (FAILED, UNCHECKED) if status in statuses), PASSED)

    @property
    def _own_status(self) -> str:
        if self.check is None:
            return UNCHECKED
        return PASSED if self.check.passed else FAILED

    @property
    def before(self) -> Expr:
        return min((self, *self.folded), key=lambda told: told.number).step.before

    @property
    def after(self) -> Expr:
        return max((self, *self.folded), key=lambda told: told.number).step.after

    @property
    def last(self) -> Step:
        """The last step told here (its own, or the last folded in)."""
        return max((self, *self.folded), key=lambda told: told.number).step


def focus_chain(told: Numbered) -> tuple[Basic, ...]:
    """The focus of a told step as a chain of equal expressions: the part its rule rewrote, what
    replaced it, and (when steps were folded in after it, inside that part) what that became;
    () when the rule worked on the whole expression."""
    found = equation(told.step)
    if found is None:
        return ()
    if any(item.number > told.number for item in told.folded):
        now = became(told.step, told.after)
        if now is not None and now != found[1]:
            return (*found, now)
    return found


def focus_parts(told: Numbered) -> tuple[Basic, ...]:
    """The sub-expressions of the whole expression after a told step to highlight (see
    derive.printers.focus): what its focus became, or ()."""
    if any(item.number > told.number for item in told.folded):
        now = became(told.step, told.after)
        return (now,) if now is not None and not now.is_Atom and told.step.path else ()
    return parts(told.step)


def focus_after(told: Numbered) -> Step | None:
    """The told step as one rewrite of its whole ``before`` into its whole ``after`` (the steps
    folded in included), for a printer that highlights the focus in the whole expression: the
    step itself when nothing was folded in after it; else the same node with what its replacement
    became as the replacement, or None when that is not known (the further steps moved it)."""
    if not any(item.number > told.number for item in told.folded):
        return told.step
    now = became(told.step, told.after)
    return None if now is None else replace(told.step, after=told.after, replacement=now)


def fold(told: tuple[Numbered, ...], detail: str = "full") -> tuple[Numbered, ...]:
    """The consecutive steps ``told`` as told at ``detail`` (one of `DETAILS`): a step whose rule
    stands on its own only at more detail (`Rule.detail`) is folded into the step told before it,
    or, first of the run, into the step after it. A run of nothing but such steps is told whole."""
    if detail not in DETAILS:
        raise ValueError(f"unknown detail '{detail}': choose one of {', '.join(DETAILS)}")
    level = DETAILS.index(detail)

    def alone(item: Numbered) -> bool:
        return DETAILS.index(item.step.rule.detail) <= level

    if all(alone(item) for item in told) or not any(alone(item) for item in told):
        return told
    shown: list[Numbered] = []
    waiting: list[Numbered] = []  # folded steps before the first step told on its own
    for item in told:
        if alone(item):
            shown.append(replace(item, folded=tuple(waiting)))
            waiting = []
        elif shown:
            shown[-1] = replace(shown[-1], folded=shown[-1].folded + (item,))
        else:
            waiting.append(item)
    return tuple(shown)


@dataclass(frozen=True)
class Block:
    """A run of steps from ``start``: shared (``relation`` None), one case, or the merge."""

    kind: str  # "shared", "order" (the steps of a higher order), "case" or "merge"
    relation: Basic | None
    start: Expr
    steps: tuple[Numbered, ...]
    stage: int = 1
    continued: bool = False  # a case carried on to a later order (its steps are of order ``stage``)


def numbered_steps(derivation: Derivation) -> tuple[Numbered, ...]:
    """Every step in order with its number and its check.

    The checker records one `Check` per step of ``all_steps()``, in the same order; a check
    is paired by its ``step`` field, the number of the step it checked.
    """
    checks = {check.step: check for check in derivation.verification.steps} if derivation.verification else {}
    told = []
    for number, step in enumerate(derivation.all_steps(), start=1):
        check = checks.get(number)
        told.append(Numbered(number, step, check))
    return tuple(told)


def blocks(derivation: Derivation, detail: str = "full") -> tuple[Block, ...]:
    """The shared steps, each case's steps and the merge step, as consecutive blocks, each told
    at ``detail`` (see `fold`)."""
    found = _blocks(derivation)
    return tuple(replace(block, steps=fold(block.steps, detail)) for block in found)


def _blocks(derivation: Derivation) -> tuple[Block, ...]:
    told = numbered_steps(derivation)
    shared = told[:len(derivation.steps)]
    found = [Block("shared", None, derivation.start, tuple(t for t in shared if t.step.stage == 1))]
    for stage in range(2, derivation.order + 1):
        steps = tuple(t for t in shared if t.step.stage == stage)
        if steps:
            found.append(Block("order", None, steps[0].step.before, steps, stage))
    position = len(derivation.steps)
    for case in derivation.cases:
        steps = told[position:position + len(case.steps)]
        if not steps:
            found.append(Block("case", case.relation, case.shown, steps, derivation.order))
        # a case split below the last order goes on through the later orders: a block for each order
        groups = [[]]
        for t in steps:
            if groups[-1] and t.step.stage != groups[-1][-1].step.stage:
                groups.append([])
            groups[-1].append(t)
        for n, group in enumerate(group for group in groups if group):
            found.append(Block("case", case.relation, group[0].step.before, tuple(group), group[0].step.stage,
                               continued=n > 0))
        position += len(case.steps)
    if derivation.merge is not None:
        found.append(Block("merge", None, derivation.merge.before, told[position:]))
    return tuple(block for block in found if block.steps or block.kind == "shared")


def sentence(step: Step, *, explanation: bool = False) -> list[str | Basic]:
    """The step's justification (or its longer explanation, possibly empty) cut into text
    pieces (str) and expressions (Basic)."""
    shown: list[Basic] = []

    def mark(expr: Basic) -> str:
        shown.append(expr)
        return f"\0{len(shown) - 1}\0"

    pieces = (step.explain(mark) if explanation else step.why(mark)).split("\0")
    return [shown[int(piece)] if odd else piece
            for odd, piece in ((i % 2 == 1, piece) for i, piece in enumerate(pieces))
            if odd or piece]


def verdict(derivation: Derivation) -> str:
    """One sentence on the verification: how many checks passed, or which failed."""
    if derivation.verification is None:
        return "This derivation has not been checked."
    checks = derivation.verification.steps + derivation.verification.result
    failures = derivation.verification.failures
    if not failures:
        return f"All {len(checks)} checks passed."
    return f"{len(failures)} of {len(checks)} checks FAILED: this derivation is not proven."


def lemma_heading(lemma: Derivation) -> str:
    """The heading of a lemma (the derivative of a named part, derived once before the main steps)."""
    return f"Lemma {lemma.title}: derived once, used by the steps below"


def lemma_verdict(lemma: Derivation) -> str:
    """One word on a lemma's own checks: PROVEN, or NOT PROVEN (then the derivation is not either)."""
    return "PROVEN" if lemma.verified else "NOT PROVEN"


def pattern_text(groups) -> str:
    """One pattern of equal indices: i = j ≠ k; or i, j, k all different."""
    if len(groups) > 2 and all(len(group) == 1 for group in groups):
        return ", ".join(str(group[0]) for group in groups) + " all different"
    return " ≠ ".join(" = ".join(map(str, group)) for group in groups)


def _count(n: int) -> str:
    return f"{n:,}"


def evidence(verification) -> list[str]:
    """What the verdict rests on, in two lines read from the checks' fields: how many points,
    at which scales, under which patterns of indices and lengths, the seed, and which steps
    were proven symbolically too."""
    steps = [check for check in verification.steps if check.points]
    lines = []
    if steps:
        fewest, most = min(c.points for c in steps), max(c.points for c in steps)
        spread = _count(fewest) if fewest == most else f"{_count(fewest)} to {_count(most)}"
        lows = [c.scales[0] for c in steps if c.scales]
        highs = [c.scales[1] for c in steps if c.scales]
        scales = f", inputs of either sign sized {min(lows):.0e} to {max(highs):.0e}" if lows else ""
        patterns = list(dict.fromkeys(p for c in steps for p in c.patterns if p))
        lengths = sorted({n for c in steps for n in c.lengths})
        where = ""
        if patterns:
            where = (f"; under every pattern of equal indices each step's case allows "
                     f"({'; '.join(pattern_text(p) for p in patterns)})")
        if lengths:
            names = sorted({name for c in steps for name in c.length_symbols}) or ["L"]
            where += f" at {' = '.join(names)} = {', '.join(map(str, lengths))}"
            where += " and unequal, each a different one of these in turn" if len(names) > 1 else ""
        lines.append(f"Each step was compared at {spread} random points{scales}{where}; "
                     f"at 30 digits where doubles could not decide (seed {verification.seed}).")
    unevaluated = [c for c in verification.steps if c.passed and not c.points]
    if unevaluated:
        lines.append(f"{len(unevaluated)} of {len(verification.steps)} steps rest on symbolic proof alone: "
                     "no point could be evaluated for them.")
    symbolic = [c.step for c in verification.steps if c.symbolic and c.step is not None]
    if symbolic:
        lines.append("Proven symbolically too: step" + ("s " if len(symbolic) > 1 else " ")
                     + ", ".join(map(str, symbolic)) + ".")
    return lines


def all_checks(derivation: Derivation) -> tuple[tuple[Check, str], ...]:
    """Every check (steps first, then the result) with its status word."""
    if derivation.verification is None:
        return ()
    checks = derivation.verification.steps + derivation.verification.result
    return tuple((check, PASSED if check.passed else FAILED) for check in checks)


def derivative_latex(derivation: Derivation) -> str:
    """The derivative being taken, in LaTeX: ∂S_ij/∂z_ik when the function has a name."""
    if derivation.name is not None:
        return (rf"\frac{{\partial {show_latex(derivation.name)}}}"
                rf"{{\partial {show_latex(derivation.variable)}}}")
    return show_latex(derivation.asked if derivation.order > 1 else derivation.start)


def result_latex(derivation: Derivation) -> str:
    """The result in LaTeX: a ``cases`` block naming each case's relation, or the expression."""
    if not derivation.cases:
        return show_latex(derivation.shown)
    rows = [rf"{show_latex(case.shown)} & \text{{for }} {show_latex(case.relation)}" for case in derivation.cases]
    return r"\begin{cases} " + r" \\ ".join(rows) + r" \end{cases}"
