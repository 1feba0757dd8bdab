"""`derive check FILE`, the check: every step of a derivation written by hand (read by
`derive.readers.check_file`) compared at the checker's points under its case, each branch's end
free of derivatives, the cases covering the domain, and the likely slip of a step that does not
hold (a sign, a constant factor, a denominator not squared, an inner derivative, a term dropped).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Iterator

import mpmath
from sympy import (
    Add,
    Basic,
    Derivative,
    Eq,
    Function,
    Integer,
    Mul,
    Pow,
    Sum,
    latex,
    preorder_traversal,
    sstr,
)

from derive.checker import DIGITS, Plan
from derive.checker.checks import (
    Preparer,
    compare_sides,
    written_parts,
    coverage,
    describe,
    symbolic_equal,
)
from derive.checker.digits import NotNumeric, Point, close, evaluate
from derive.checker.exact import ASSIGNMENTS_PER_LENGTH, STEP_LENGTHS, Sampler
from derive.checker.points import breakpoints
from derive.readers.check_file import (
    MAX_INDICES,
    BadInput,
    Line,
    Script,
    _unfold,
    read_script,
    read_source,
)
from derive.rules.limits import (
    FILE_SECONDS,
    SLIP_SECONDS,
    STEP_SECONDS,
    TimeLimit,
    time_limit,
)
from derive.sympy_quirks import real_derivative

MAX_VARIANTS = 400  # candidate slips tried for one line
TINY = mpmath.mpf(10) ** -20

# --------------------------------------------------------------------------------------------
# The report


@dataclass(frozen=True)
class StepCheck:
    """The verdict on one step: ``after`` follows from ``before`` under ``case``, or not."""

    before: Line
    after: Line
    case: Basic | None
    holds: bool
    detail: str
    point: tuple[tuple[str, str], ...] = ()
    values: tuple[str, str] = ()
    slip: str = ""
    points: int = 0


@dataclass(frozen=True)
class Report:
    name: str
    script: Script
    steps: tuple[StepCheck, ...]
    unfinished: tuple[Line, ...] = ()
    lengths: tuple[str, ...] = ()  # the symbols the sums run to (L), set to 2, 3, 5 in turn
    indices: tuple[str, ...] = ()
    seed: int | None = None
    cases: object = None  # the check that the cases cover the domain (a derive.records.Check), when there are cases
    points: int = 0  # the fewest points any step was compared at

    @property
    def holds(self) -> bool:
        covered = self.cases is None or self.cases.passed
        return all(step.holds for step in self.steps) and not self.unfinished and covered

    @property
    def summary(self) -> str:
        """One line: what holds, or the first line that does not follow."""
        failed = [step for step in self.steps if not step.holds]
        if failed:
            step = failed[0]
            return f"{step.after.label} does not follow from {step.before.label}: {step.after.text}"
        if self.unfinished:
            return f"{self.unfinished[0].label} still holds a derivative, so it is not yet the value of the derivative"
        if self.cases is not None and not self.cases.passed:
            return f"the cases do not cover the domain: {self.cases.detail}"
        ends = "; ".join(f"{_case_text(case, self.script.latex)}: {line.label}" if case is not None else line.label
                         for case, line in self.script.ends())
        held = "the step holds" if len(self.steps) == 1 else f"all {len(self.steps)} steps hold"
        return f"{held}; the derivative is {ends}"


def check_file(name: str, syntax: str = "auto", seed: int | None = None) -> Report:
    """Read and check the file ``name`` ('-': standard input)."""
    text = read_source(name)
    return check_script(read_script(text, "" if name == "-" else name, syntax), name, seed)


def check_script(script: Script, name: str = "", seed: int | None = None) -> Report:
    """Check every step of ``script`` within its time bound, that each branch ends without a
    derivative, and that the cases cover the domain, with the points of `derive.checker.checks`."""
    checker = _Checker(script, seed)
    deadline = time.monotonic() + FILE_SECONDS
    steps = []
    for before, after, case in script.steps():
        if time.monotonic() >= deadline:
            steps.append(StepCheck(before, after, case, False,
                                   f"not checked: the whole file took longer than {FILE_SECONDS:g} s"))
            continue
        steps.append(checker.check(before, after, case, deadline))
    unfinished = tuple(line for _, line in script.ends() if checker.unfold(line.expr).has(Derivative))
    cases = None
    if script.branches:
        try:
            with time_limit(max(min(STEP_SECONDS, deadline - time.monotonic()), 1e-3), "checking the cases"):
                cases = coverage([branch.relation for branch in script.branches], checker.plan)
        except Exception as error:  # noqa: BLE001 -- out of time, or SymPy failed: not shown to cover
            from derive.engine.records import Check

            cases = Check("the cases cover the domain", False, "none", f"could not be checked: {error}")
    counted = [step.points for step in steps if step.holds]
    return Report(name, script, tuple(steps), unfinished, tuple(map(str, checker.lengths)),
                  tuple(map(str, checker.indices)), checker.plan.seed, cases, min(counted) if counted else 0)


# --------------------------------------------------------------------------------------------
# Checking


@dataclass(frozen=True)
class _Sample:
    bound: dict
    point: Point
    before: object  # mpmath numbers
    after: object


class _Checker:
    """Compares the lines of one script at shared random points (see `derive.checker.exact.Sampler`)."""

    def __init__(self, script: Script, seed: int | None = None):
        self.script = script
        self.preparer = Preparer()
        self.unfolded: dict = {}
        self.first = script.lines()[0]
        expressions = [self.unfold(line.expr) for line in script.lines()]
        relations = [branch.relation for branch in script.branches]
        self.lengths = sorted({symbol for expr in expressions for total in expr.atoms(Sum)
                               for _, low, high in total.limits for symbol in low.free_symbols | high.free_symbols},
                              key=str)
        # the indices of the variables too: SymPy leaves k out of the free symbols of d/dx_k (sum_l x_l)
        taken_by = [variable for expr in expressions for derivative in expr.atoms(Derivative)
                    for variable in derivative.variables]
        self.indices = sorted({symbol for expr in [*expressions, *relations, *taken_by] for symbol in expr.free_symbols
                               if symbol.is_integer} - set(self.lengths), key=str)
        if len(self.indices) > MAX_INDICES:
            raise BadInput(f"the file uses {len(self.indices)} index letters; at most {MAX_INDICES} are checked")
        functions = [derivative.expr for derivative in expressions[0].atoms(Derivative)]
        self.plan = Plan(seed, Add(*functions) if functions else None, self.lengths, self.indices,
                         breaks=breakpoints([*expressions, *relations]))
        self.sampler = Sampler(self.plan.seed)

    def unfold(self, expr: Basic) -> Basic:
        if expr not in self.unfolded:
            self.unfolded[expr] = _unfold(expr, self.script.definitions)
        return self.unfolded[expr]

    def prepare(self, expr: Basic) -> Basic:
        """Definitions unfolded, derivatives worked out by SymPy."""
        return self.preparer(self.unfold(expr))

    def show(self, expr: Basic) -> str:
        return latex(expr) if self.script.latex else sstr(expr)

    def check(self, before: Line, after: Line, case: Basic | None, deadline: float) -> StepCheck:
        """One step within STEP_SECONDS; then, if it does not hold, the slip within SLIP_SECONDS;
        neither beyond ``deadline`` (time.monotonic)."""
        try:
            with time_limit(max(min(STEP_SECONDS, deadline - time.monotonic()), 1e-3), f"checking {after.label}"):
                verdict, samples = self.compare(before, after, case)
        except TimeLimit as error:
            return StepCheck(before, after, case, False, f"not checked: {error}")
        except Exception as error:  # whatever SymPy raises, the step is reported, never passed
            return StepCheck(before, after, case, False, f"could not be checked: {type(error).__name__}: {error}")
        remaining = min(SLIP_SECONDS, deadline - time.monotonic())
        if verdict.holds or not samples or remaining <= 0:
            return verdict
        try:
            with time_limit(remaining, f"looking for the slip in {after.label}"):
                slip = self.slip(before, after, samples)
        except Exception:  # out of time, or SymPy failed on a candidate: no slip is named
            slip = ""
        return StepCheck(before, after, case, False, verdict.detail, verdict.point, verdict.values, slip)

    def compare(self, before: Line, after: Line, case: Basic | None) -> tuple[StepCheck, list[_Sample]]:
        """The step at the points of the plan (as `derive.checker.checks` checks a derivation's steps);
        where it does not hold, the points at which the slip is looked for."""
        a, b = self.prepare(before.expr), self.prepare(after.expr)
        written = written_parts(self.unfold(before.expr), self.unfold(after.expr), self.preparer)
        evidence = compare_sides(self.plan, a, b, case, defined=written)
        if evidence.equal is None:
            proven = bool(_cheap(a) and _cheap(b) and symbolic_equal(a, b)) and self.plan.real_domain()[0]
            detail = describe(evidence) + ("; proven symbolically instead" if proven else "; not proven")
            return StepCheck(before, after, case, proven, detail), []
        if evidence.equal:
            symbolic = "; symbolically too" if _cheap(a) and _cheap(b) and symbolic_equal(a, b) else ""
            return StepCheck(before, after, case, True, describe(evidence) + symbolic,
                             points=evidence.points), []
        return StepCheck(before, after, case, False, "the two sides differ", evidence.counterexample,
                         evidence.values), self.samples(a, b, case)

    def samples(self, a: Basic, b: Basic, case: Basic | None) -> list[_Sample]:
        """Both sides at 30 digits at a few points of this case, for the search for the slip:
        one point per index assignment, at each length (three points without indices nor sums)."""
        indexed = bool(self.lengths or self.indices)
        found = []
        with mpmath.workdps(DIGITS + 10):
            for n in (STEP_LENGTHS if indexed else (None,)):
                fixed = {symbol: n for symbol in self.lengths} if n is not None else {}
                wanted = 1 if indexed else ASSIGNMENTS_PER_LENGTH
                for assignment in self.sampler.assignments(self.indices, n or 3, case, ASSIGNMENTS_PER_LENGTH):
                    bound = {**fixed, **assignment}
                    found.extend(self.points(a, b, bound, wanted))
        return found

    def points(self, a: Basic, b: Basic, bound: dict, wanted: int) -> list[_Sample]:
        found = []
        for attempt in range(1, 5 * wanted + 1):
            if len(found) == wanted:
                break
            point = self.sampler.point(bound, attempt)
            left, right = _value(a, point, bound), _value(b, point, bound)
            if left is not None and right is not None:
                found.append(_Sample(bound, point, left, right))
        return found

    def describe(self, sample: _Sample) -> tuple[tuple[str, str], ...]:
        """The point: lengths, index values, then the input values."""
        fixed = [(str(symbol), str(value)) for symbol, value in sorted(sample.bound.items(), key=lambda item: (
            item[0] not in self.lengths, str(item[0])))]
        inputs = sorted((_input_name(key, self.script.latex), mpmath.nstr(value, 8))
                        for key, value in sample.point.values.items())
        return tuple(fixed + inputs)

    # -- the likely slip

    def slip(self, before: Line, after: Line, samples: list[_Sample]) -> str:
        """The likely slip, when the values at every point show it; else ''."""
        right = [sample.before for sample in samples]
        wrong = [sample.after for sample in samples]
        with mpmath.workdps(DIGITS + 10):
            if _all_close(wrong, [-value for value in right]):
                return f"a sign error: {after.label} is the negative of what it should be"
            ratio = _constant_ratio(right, wrong)
            if ratio is not None:
                return f"a missing constant factor: {after.label} should be {ratio} times what it is"
            for tried, (description, variant, target) in enumerate(self.candidates(before, after)):
                if tried >= MAX_VARIANTS:
                    break
                if self.agrees(variant, samples, target):
                    return description
        return ""

    def candidates(self, before: Line, after: Line) -> Iterator[tuple[str, Basic, Callable]]:
        """(the slip, the line as it would be without it, which side that must equal)."""
        should, dropped = _line_before, _line_after  # a repair must equal the line before; a drop, the line
        wrong = after.expr
        for term in _unique(arg for node in preorder_traversal(wrong) if isinstance(node, Add) for arg in node.args):
            yield (f"a sign error: {self.show(term)} should be {self.show(-term)}", wrong.xreplace({term: -term}),
                   should)
        for power in _unique(node for node in preorder_traversal(wrong) if isinstance(node, Pow) and node.exp == -1):
            yield (f"a denominator not squared: {self.show(power.base)} should be squared",
                   wrong.xreplace({power: power.base**-2}), should)
        for inner, derivative in self.inner_derivatives(before):
            for place in _places(wrong):
                if self.unfold(place).has(inner):
                    yield (f"a missing factor: {self.show(derivative)}, the derivative of the inner "
                           f"{self.show(inner)} (chain rule), in {self.show(place)}",
                           wrong.xreplace({place: place * derivative}), should)
        for source in _unique([before.expr, self.prepare(before.expr)]):
            for total in _unique(node for node in preorder_traversal(source) if isinstance(node, Add)):
                for term in total.args:
                    rest = Add(*[other for other in total.args if other is not term])
                    yield (f"a term dropped: {self.show(term)} of {before.label} is missing",
                           source.xreplace({total: rest}), dropped)

    def inner_derivatives(self, before: Line) -> list[tuple[Basic, Basic]]:
        """(u, du/dx) for each inner function u of the derivatives d/dx taken in the first line
        and in ``before``: what the chain rule multiplies by."""
        found = []
        for line in _unique([self.first.expr, before.expr]):
            for derivative in self.unfold(line).atoms(Derivative):
                (variable, _), = derivative.variable_count[:1]
                free = derivative.expr.free_symbols | variable.free_symbols
                for inner in _inner_parts(derivative.expr):
                    slope = real_derivative(inner, (variable, 1))
                    if slope not in (Integer(0), Integer(1)) and slope.free_symbols <= free:
                        found.append((inner, slope))
        return list(dict.fromkeys(found))[:10]

    def agrees(self, variant: Basic, samples: list[_Sample], target: Callable) -> bool:
        """``variant`` has the value ``target(sample)`` at every point, and it is not 0 at all of them."""
        prepared = self.prepare(variant)
        for sample in samples:
            value = _value(prepared, sample.point, sample.bound)
            if value is None or not close(value, target(sample), DIGITS):
                return False
        return any(abs(target(sample)) > TINY for sample in samples)


def _line_before(sample: _Sample):
    return sample.before


def _line_after(sample: _Sample):
    return sample.after


def _value(expr: Basic, point: Point, bound: dict):
    """The value of ``expr`` at the point, or None where it has none."""
    try:
        value = evaluate(expr, point, bound, point.memo)
    except (NotNumeric, ZeroDivisionError, ValueError, TypeError):
        return None
    return value if mpmath.isfinite(value) else None


def _cheap(expr: Basic) -> bool:
    """Whether expanding ``expr`` stays small: no sum raised to a high power, as (x + y)**1000."""
    return not any(isinstance(node, Pow) and node.base.is_Add and node.exp.is_Number and abs(node.exp) > 12
                   for node in preorder_traversal(expr))


def _input_name(key, latex_names: bool) -> str:
    if isinstance(key, tuple):
        base, indices = key
        joined = ", ".join(map(str, indices))
        return f"{base}_{{{joined}}}" if latex_names else f"{base}[{joined}]"
    return str(key)


def _all_close(values: list, targets: list) -> bool:
    """Each value equals its target, and the targets are not all 0 (call it at the working precision)."""
    return all(close(value, target, DIGITS) for value, target in zip(values, targets)) \
        and any(abs(target) > TINY for target in targets)


def _constant_ratio(right: list, wrong: list) -> str | None:
    """The constant r with right = r * wrong at every point (r not 1), as text; else None
    (call it at the working precision)."""
    pairs = [(r, w) for r, w in zip(right, wrong) if abs(w) > TINY or abs(r) > TINY]
    if len(pairs) < 2 or any(abs(w) <= TINY or abs(r) <= TINY for r, w in pairs):
        return None
    ratios = [r / w for r, w in pairs]
    if any(not close(ratio, ratios[0], DIGITS) for ratio in ratios) or close(ratios[0], 1, DIGITS):
        return None
    fraction = Fraction(float(ratios[0])).limit_denominator(1000)
    exact = close(ratios[0], mpmath.mpf(fraction.numerator) / fraction.denominator, DIGITS)
    return str(fraction) if exact else mpmath.nstr(ratios[0], 12)


def _inner_parts(expr: Basic) -> list[Basic]:
    """The arguments of the functions in ``expr`` and the bases of its powers."""
    parts = []
    for node in preorder_traversal(expr):
        if isinstance(node, Function):
            parts.extend(node.args)
        elif isinstance(node, Pow) and not node.base.is_Number:
            parts.append(node.base)
    return [part for part in _unique(parts) if not part.is_Number]


def _places(expr: Basic) -> list[Basic]:
    """Where a factor can be missing: the whole expression, each term of a sum, each factor of a product."""
    places = [expr]
    for node in preorder_traversal(expr):
        if isinstance(node, (Add, Mul)):
            places.extend(arg for arg in node.args if not arg.is_Number)
    return _unique(places)


def _unique(items) -> list:
    return list(dict.fromkeys(items))


def _case_text(case: Basic, latex_names: bool) -> str:
    left, right = case.args
    different = "\\neq" if latex_names else "!="
    return f"{left} {'=' if isinstance(case, Eq) else different} {right}"
