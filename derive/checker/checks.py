"""The checker: proves each step's before and after equal, independently of the rule that made it.

For every step, derivatives are worked out by SymPy (``doit``), definitions such as S are
unfolded, and both sides are compared at the points of one `Plan` (see `derive.checker`):
- numerically, always: thousands of points drawn afresh over the whole real domain, at several
  lengths L and under every pattern of equal indices the step's case allows; a float screen
  decides where rounding cannot mislead it, and 30-digit evaluation everywhere else;
- symbolically, where that is cheap: the two sides are identical once derivatives are done,
  or their difference expands to 0.
The derivation as a whole is checked too: the function is real on an open set, the first step
starts from the derivative asked for, the steps follow on, the cases cover the real domain, the
result matches the closed form of each case and SymPy's derivative of the explicit function.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Sequence

import numpy as np
from sympy import (S, Add, Basic, ConditionSet, Derivative, FiniteSet, Integer, Piecewise, Sum, expand,
                   preorder_traversal, solveset)

from . import DIGITS, Evidence, Plan, Unsupported, index_symbols, length_symbols, plan_for
from .points import breakpoints
from .exact import STEP_LENGTHS, Sampler
from .exact import numeric_equal as exact_equal
from .compare import CONFIRM
from .floats import QUIET
from .compare import describe as describe_point
from .points import real_part
from derive.sympy_quirks import real_stand_in, worked_derivative
from derive.rules.limits import CHECK_SECONDS, SYMBOLIC_SECONDS, TimeLimit, time_limit, within
from derive.show import show_text
from derive.engine.records import Check, Derivation, Step, Verification, plain

JACOBIAN_LENGTHS = (2, 3, 4, 5, 6)
SYMBOLIC_BUDGET = 240  # nodes of both sides together: above it, symbolic equality is not tried
DOMAIN = "the function is real on an open set"  # the subject of the check that nothing is proven about no function


class Preparer:
    """Unfolds the definitions (S back into its formula) and works out every derivative with
    SymPy (never with a rule of ours), remembering the result for each sub-expression so that
    the steps of one derivation, which share most of their sub-expressions, cost little."""

    def __init__(self, definitions: Sequence = ()):
        self.definitions = tuple(definitions)
        self.done: dict = {}
        self.seen: dict = {}  # id(tree) -> (the tree, what it became)
        self.below: dict = {}  # id(tree) -> (the tree, the derivatives in it)

    def derivatives(self, expr: Basic) -> frozenset:
        """The derivatives in ``expr`` (as ``expr.atoms(Derivative)``), remembered for every subtree:
        a step rewrites one path of the tree, and only that path is read again."""
        known = self.below.get(id(expr))
        if known is not None and known[0] is expr:
            return known[1]
        found = frozenset().union(*(self.derivatives(arg) for arg in expr.args)) if expr.args else frozenset()
        if isinstance(expr, Derivative):
            found = found | {expr}
        self.below[id(expr)] = (expr, found)
        return found

    def __call__(self, expr: Basic) -> Basic:
        seen = self.seen.get(id(expr))
        if seen is not None and seen[0] is expr:  # this very tree again: no comparison of trees needed
            return seen[1]
        if not self.definitions and not self.derivatives(expr):  # nothing to unfold or work out in it
            self.seen[id(expr)] = (expr, expr)
            return expr
        if expr in self.done:
            done = self.done[expr]  # None: nothing to do, and expr itself is returned, not the equal one met before,
            result = expr if done is None else done  # so its parent is not rebuilt (and evaluated: the constants held)
            self.seen[id(expr)] = (expr, result)
            return result
        if isinstance(expr, Derivative):
            result = worked_derivative(self(expr.expr), *expr.variable_count)
        elif any(definition.is_instance(expr) for definition in self.definitions):
            result = expr
            for definition in self.definitions:
                result = definition.unfold(result)
        elif not expr.args:
            result = expr
        else:
            args = [self(arg) for arg in expr.args]
            result = expr if all(new is old for new, old in zip(args, expr.args)) else expr.func(*args)
        self.done[expr] = None if result is expr else result
        self.seen[id(expr)] = (expr, result)  # holding expr: its id is not reused while the entry stands
        return result


def prepare(expr: Basic, definitions: Sequence) -> Basic:
    """Unfold the definitions, then work out the derivatives."""
    return Preparer(definitions)(expr)


def write_out_sums(expr: Basic) -> Basic:
    """``expr`` with every sum of concrete length written out term by term (z_1 + ... + z_n)."""
    def write_out(total):
        (l, a, b), = total.limits
        return Add(*[total.function.xreplace({l: Integer(value)}) for value in range(int(a), int(b) + 1)])

    return expr.replace(lambda node: isinstance(node, Sum) and len(node.limits) == 1
                        and all(bound.is_Integer for bound in node.limits[0][1:]), write_out)


def nodes(expr: Basic, cap: int) -> int:
    """The number of nodes of ``expr``'s tree, counted up to just past ``cap`` (a cheap measure of
    size: SymPy's count_ops can evaluate for minutes, a log over a complex constant rebuilt)."""
    count = 0
    for count, _ in enumerate(preorder_traversal(expr), 1):
        if count > cap:
            break
    return count


def symbolic_equal(a: Basic, b: Basic) -> bool | None:
    """True when cheaply proven equal; None when not tried, not proven, or not cheap after all
    (past SYMBOLIC_SECONDS): never a verdict of 'unequal'."""
    if a == b:
        return True
    if a.has(Sum) or b.has(Sum):
        return None

    def compare():
        if nodes(a, SYMBOLIC_BUDGET) + nodes(b, SYMBOLIC_BUDGET) > SYMBOLIC_BUDGET:
            return None
        return True if expand(a - b) == 0 else None
    try:  # expanding (x - pi)^18 by the multinomial theorem is not cheap: past its bound, not proven
        return within(SYMBOLIC_SECONDS, "the symbolic comparison", compare, lambda bound: None)
    except TimeLimit:
        raise
    except Exception:  # noqa: BLE001 -- SymPy's own failures (a ZeroDivisionError deep in expand): not proven
        return None


def describe(evidence: Evidence, names: Sequence[str] = ("L",)) -> str:
    """The evidence in one sentence, for a reader (printers use the check's fields instead);
    ``names`` the symbols the sums run to, as the function writes them (N = 2, 3, 5)."""
    if evidence.equal is False:
        where = ", ".join(f"{name}={value}" for name, value in evidence.counterexample)
        left, right = evidence.values or ("?", "?")
        if evidence.undefined:
            return (f"the side {evidence.undefined} the step has no real value at {where or 'a random point'}, "
                    f"where the function is real ({left} against {right})")
        return f"differ at {where or 'a random point'}: {left} against {right}"
    if evidence.equal is None:
        missed = ", ".join(f"{count} {why}" for why, count in evidence.missed if count)
        return "no point could be evaluated" + (f": of the points drawn, {missed}" if missed else "")
    low, high = evidence.scales
    sizes = f", inputs of size {low:.0e} to {high:.0e}" if math.isfinite(low) else ""
    named = ' = '.join(names or ('L',))
    lengths = f" at {named} = {', '.join(map(str, evidence.lengths))}" if evidence.lengths else ""
    patterns = (f" under {len(evidence.patterns)} pattern{'s' if len(evidence.patterns) != 1 else ''} of equal indices"
                if any(evidence.patterns) else "")
    confirmed = f"; {evidence.confirmed} of them to {DIGITS} digits" if evidence.confirmed else ""
    return f"equal at {evidence.points} random points{lengths}{patterns}{sizes}{confirmed}"


def compare_sides(plan: Plan, a: Basic, b: Basic, case: Basic | None, proven: bool | None = None,
                  defined=()) -> Evidence:
    """`Plan.compare`, or where the float screen cannot read a side, the comparison at 30 digits
    only (`derive.checker.exact`), at fewer points. ``proven``: the sides are already proven equal
    symbolically, so no point the screen passed needs a 30-digit spot check. ``defined``: see
    `derive.checker.compare.compare` (`written_parts`)."""
    try:
        return plan.compare(a, b, case, confirm=0 if proven else CONFIRM, defined=defined)
    except Unsupported:
        sampler = Sampler(plan.seed, plan.domain if not plan.length_symbols else None)
        verdict, detail, tried = exact_equal(a, b, case, seed=plan.seed, sampler=sampler,
                                             symbols=(list(plan.length_symbols), list(plan.indices)))
        if verdict is False:
            where, _, values = detail.partition(": ")
            return Evidence(False, tried, tried, counterexample=((where.removeprefix("differ at "), ""),),
                            values=tuple(values.split(" against ")))
        return Evidence(verdict, tried, tried, lengths=tuple(STEP_LENGTHS) if plan.length_symbols else ())


def numeric_equal(a: Basic, b: Basic, case: Basic | None = None, *, seed: int | None = None,
                  plan: Plan | None = None, lengths: Sequence[int] | None = None) -> tuple[bool | None, str]:
    """Whether ``a`` and ``b`` agree at the checker's points (None: no point could be compared),
    and a sentence saying how, or where not. ``lengths``: the lengths L tried (2, 3, 5)."""
    plan = plan or plan_for(a, b, case, seed, sizes=lengths)
    evidence = compare_sides(plan, a, b, case)
    return evidence.equal, describe(evidence)


def as_check(subject: str, evidence: Evidence, symbolic: bool | None, plan: Plan, case: Basic | None,
             step: int | None = None) -> Check:
    """The check record of a comparison. Where no point could be compared, a symbolic proof
    passes the claim only if the function is real somewhere (an identity over the complex
    numbers is no proof over the reals)."""
    names = tuple(map(str, plan.length_symbols))
    detail = describe(evidence, names)
    if evidence.equal is None:
        passed = bool(symbolic) and plan.real_domain()[0]
        method = "symbolic" if symbolic else "none"
        if symbolic:
            detail += "; proven symbolically instead" if passed else "; an identity, but the function is real nowhere"
    else:
        passed, method = evidence.equal, "numeric" + (" and symbolic" if symbolic else "")
    scales = evidence.scales if math.isfinite(evidence.scales[0]) else None
    return Check(subject, passed, method, detail, symbolic, step, evidence.points, evidence.confirmed, scales,
                 evidence.lengths, evidence.patterns, case, plan.seed, evidence.counterexample,
                 length_symbols=names if evidence.lengths else ())


def written_parts(before: Basic, after: Basic, prepare: Preparer) -> tuple[tuple[str, Basic], ...]:
    """The functions under the derivatives of each side as written, prepared (``prepare``): each
    must be real wherever the function is, though its derivative worked out may be real where it is
    not (d/dx (2 log x) is 2/x, real at x < 0, where 2 log x is not)."""
    return tuple((side, prepare(derivative.expr)) for side, expr in (("before", before), ("after", after))
                 for derivative in prepare.derivatives(expr))


def check_equal(subject: str, before: Basic, after: Basic, case: Basic | None, definitions: Sequence,
                seed: int | None = None, plan: Plan | None = None, preparer: Preparer | None = None,
                step: int | None = None) -> Check:
    """Whether ``before`` and ``after`` are equal under ``case``: definitions unfolded and
    derivatives worked out by SymPy, compared at the plan's points, symbolically where cheap."""
    preparer = preparer or Preparer(definitions)
    a, b = preparer(before), preparer(after)
    plan = plan or plan_for(a, b, case, seed)
    symbolic = symbolic_equal(a, b)
    evidence = compare_sides(plan, a, b, case, symbolic, written_parts(before, after, preparer))
    return as_check(subject, evidence, symbolic if evidence.equal is not False else None, plan, case, step)


def check_step(number: int, step: Step, definitions: Sequence, plan: Plan | None = None,
               preparer: Preparer | None = None) -> Check:
    return check_equal(f"step {number} ({step.rule.name})", step.before, step.after, step.case,
                       definitions, plan=plan, preparer=preparer, step=number)


def merge(evidences: Sequence[Evidence]) -> Evidence:
    """The evidence of several comparisons together: the first that failed, or all added up."""
    failed = [evidence for evidence in evidences if evidence.equal is False]
    if failed:
        return failed[0]
    counted = [evidence for evidence in evidences if evidence.equal]
    if not counted:
        return evidences[0] if evidences else Evidence(None)
    lows = [e.scales[0] for e in counted if math.isfinite(e.scales[0])]
    highs = [e.scales[1] for e in counted if math.isfinite(e.scales[1])]
    return Evidence(True, sum(e.points for e in counted), sum(e.confirmed for e in counted),
                    tuple(sorted({n for e in counted for n in e.lengths})),
                    tuple(dict.fromkeys(p for e in counted for p in e.patterns)),
                    (min(lows), max(highs)) if lows else (math.nan, math.nan))


def check_against_sympy(derivation: Derivation, plan: Plan | None = None, preparer: Preparer | None = None) -> Check:
    """The result against SymPy's derivative of the explicit function.

    Without sums, SymPy differentiates the function, and the result of each case is compared
    with it in the case's region. With sums, for every pattern of indices at the longest length
    (L = 5) the sums are written out (z_1 + ... + z_5) and SymPy differentiates the explicit
    function there. ``preparer``: the verification's own, whose memory already holds the
    function and (for the first step) its derivative worked out, so that neither is worked out
    or evaluated twice."""
    subject = "result against sympy.diff"
    preparer = preparer or Preparer(derivation.definitions)
    expression = preparer(plain(derivation.expression))  # a part held as one whole (g_j (y_j)) is not SymPy's to keep
    result = preparer(derivation.unified)
    plan = plan or Plan(None, expression, length_symbols(expression),
                        index_symbols([expression, derivation.variable], length_symbols(expression)))
    if not plan.length_symbols:
        truth = preparer(Derivative(expression, (derivation.variable, derivation.order)))
        regions = [(case.relation, preparer(case.result)) for case in derivation.cases
                   if real_part(case.relation) is not None] or [(None, result)]
        evidences = [compare_sides(plan, truth, value, relation) for relation, value in regions]
        evidence = merge(evidences)
        symbolic = all(symbolic_equal(truth, value) for _, value in regions) if evidence.equal is None else None
        return as_check(subject, evidence, symbolic, plan, None)
    evidences = []
    longest = max(plan.sizes)  # every pattern at the longest length: the steps are checked at every length
    for instance in (drawn for drawn in plan.for_case(None) if drawn.pattern.length == longest):
        concrete = {symbol: Integer(value) for symbol, value in instance.pattern.values}
        truth = write_out_sums(expression.xreplace(concrete)).diff(derivation.variable.xreplace(concrete),
                                                                     derivation.order)
        evidences.append(plan.compare_at(truth, result, instance))
        if evidences[-1].equal is False:
            break
    return as_check(subject, merge(evidences), None, plan, None)


def check_closed_form(derivation: Derivation, plan: Plan | None = None) -> list[Check]:
    checks = []
    results = {case.relation: case.result for case in derivation.cases}
    for relation, expected in derivation.closed_form:
        got = results.get(relation, derivation.unified)
        subject = "closed form" if relation == S.true else f"closed form for {show_text(relation)}"
        checks.append(check_equal(subject, got, expected, None if relation == S.true else relation,
                                  derivation.definitions, plan=plan))
    return checks


def check_start(derivation: Derivation, plan: Plan | None = None, preparer: Preparer | None = None) -> Check:
    """The first step starts from d(function)/d(variable), as stated from outside the record."""
    subject = "the first step starts from the derivative asked for"
    start = Derivative(derivation.expression, derivation.variable)
    steps = derivation.all_steps()
    if not steps:
        return check_equal(subject, start, derivation.result, None, derivation.definitions, plan=plan,
                           preparer=preparer)
    if steps[0].before == start:
        return Check(subject, True, "structural", f"step 1 starts from {show_text(start)}")
    return check_equal(subject, start, steps[0].before, None, derivation.definitions, plan=plan, preparer=preparer)


def check_chain(derivation: Derivation) -> Check:
    """Each step starts where the one before it ended (a case starts where the shared steps end)."""
    subject = "the steps follow on from each other"
    steps = derivation.all_steps()
    start = steps[0].before if steps else None
    for sequence, first_before in [(derivation.steps, start)] + [
            (case.steps, derivation.steps[-1].after if derivation.steps else start) for case in derivation.cases]:
        expected, stage = first_before, sequence[0].stage if sequence else 1
        for step in sequence:
            if step.stage == stage + 1 and expected is not None:  # the next order starts from d/dx of the last result
                expected, stage = Derivative(plain(expected), derivation.variable), step.stage
            if step.before != expected or step.stage != stage:
                number = steps.index(step) + 1
                return Check(subject, False, "structural",
                             f"step {number} ({step.rule.name}) does not start from the expression before it",
                             step=number)
            expected = step.after
    return Check(subject, True, "structural", "each step starts from the expression the one before it ended with")


def check_cases(derivation: Derivation, plan: Plan, preparer: Preparer) -> Check:
    """The derivation's cases cover the function's real domain (see `coverage`)."""
    return coverage([preparer(case.relation) for case in derivation.cases], plan)


def coverage(relations: Sequence[Basic], plan: Plan) -> Check:
    """The cases cover the function's real domain: at every pattern of indices and every point
    where the function is real, some case holds (up to points no draw meets: a kink, a boundary)."""
    subject = "the cases cover the domain"
    points = 0
    checked = []
    for instance in plan.for_case(None):
        covered = np.zeros(instance.columns.size, dtype=bool)
        for relation in relations:
            covered |= instance.columns.holds(relation)
        missing = np.nonzero(instance.usable & ~covered)[0]
        if missing.size:
            where = describe_point(instance, int(missing[0]))
            return Check(subject, False, "numeric",
                         f"no case holds at {', '.join(f'{name}={value}' for name, value in where)}, "
                         "a point where the function is real",
                         points=int(instance.usable.sum()), patterns=(instance.pattern.groups,), seed=plan.seed,
                         counterexample=where)
        points += int(instance.usable.sum())
        checked.append(instance.pattern)
    if points == 0:
        return Check(subject, False, "none", "no point could be evaluated: the function is real at none of the "
                     "points drawn", seed=plan.seed)
    lengths = tuple(sorted({p.length for p in checked if p.length}))
    patterns = tuple(dict.fromkeys(p.groups for p in checked))
    solved = solved_cover(relations)
    return Check(subject, True, "numeric" + (" and symbolic" if solved else ""),
                 f"each of the {points} points drawn where the function is real lies in one of the "
                 f"{len(relations)} cases" + ("; solved, they leave out of the real line only the points "
                                             f"{show_text(solved)}" if isinstance(solved, Basic) else
                                             "; solved, they cover the whole real line" if solved else ""),
                 symbolic=bool(solved), points=points, lengths=lengths, patterns=patterns, seed=plan.seed,
                 length_symbols=tuple(map(str, plan.length_symbols)) if lengths else ())


def solved_cover(relations: Sequence[Basic]):
    """Where SymPy can solve them (relations in one real input, small, within SOLVE_SECONDS): True
    when the cases cover the whole real line, the finite set of points they leave out when that
    is all, else None (not known, or they leave out an interval: the sampling decides)."""
    inputs = set().union(*(relation.free_symbols for relation in relations)) if relations else set()
    if len(inputs) != 1 or any(symbol.is_integer for symbol in inputs) \
            or sum(nodes(relation, 2 * SYMBOLIC_BUDGET) for relation in relations) > 2 * SYMBOLIC_BUDGET:
        return None
    (x,) = inputs
    real = real_stand_in(x) if x.is_real is None else x

    def solve():
        covered = S.EmptySet
        for relation in relations:
            solved = solveset(relation.xreplace({x: real}).rewrite(Piecewise), real, S.Reals)
            if isinstance(solved, ConditionSet):
                return None
            covered = covered.union(solved)
        left = S.Reals - covered
        if left is S.EmptySet:
            return True
        return left.xreplace({real: x}) if isinstance(left, FiniteSet) else None
    try:
        return within(SYMBOLIC_SECONDS, "solving where the cases hold", solve, lambda bound: None)
    except TimeLimit:
        raise
    except Exception:  # noqa: BLE001 -- the solver's own limits: not known, the sampling decides
        return None


def check_domain(plan: Plan) -> Check:
    """The function is real on more than isolated points: otherwise nothing is proven over the reals."""
    real, how = plan.real_domain()
    if real:
        return Check(DOMAIN, True, "numeric", how, points=plan.real_points(), seed=plan.seed)
    drawn = sum(instance.columns.size for instance in plan.for_case(None))
    return Check(DOMAIN, False, "numeric",
                 f"the function is real at none of the {drawn} points drawn across its inputs' scales: "
                 "it is real nowhere, or only at isolated points, so nothing is proven over the reals",
                 seed=plan.seed)


def guarded(subject: str, check, *args, method: str = "numeric", step: int | None = None):
    """Run one check within its time bound; an error inside it, or running out of time, is a
    failed check, never a crash, never a hang and never a pass. ``step``: the number of the step
    it checks, if any."""
    try:
        with time_limit(CHECK_SECONDS, subject):
            return check(*args)
    except TimeLimit as error:
        if error.what != subject:
            raise  # an outer bound (the caller's) ran out: it is the caller's to report
        return Check(subject, False, method, f"not checked: {error}", step=step)
    except Exception as error:  # the checker must report, whatever SymPy raises
        return Check(subject, False, method, f"could not be checked: {type(error).__name__}: {error}", step=step)


def verify(derivation: Derivation, *, against_sympy: bool = True, seed: int | None = None) -> Derivation:
    """The derivation with its `Verification`: the function's real domain, every step, where the
    first step starts, the chain, the cases, the closed form and the result against SymPy, all at
    points drawn afresh from ``seed`` (a new one when None)."""
    with QUIET:  # NumPy's warnings off once for the whole verification, not at each evaluation
        return _verify(derivation, against_sympy, seed)


def _verify(derivation: Derivation, against_sympy: bool, seed: int | None) -> Derivation:
    preparer = Preparer(derivation.definitions)
    function = preparer(derivation.expression)
    lengths = length_symbols(function)
    relations = [case.relation for case in derivation.cases]
    indices = index_symbols([function, derivation.variable, *relations], lengths)
    steps = derivation.all_steps()
    breaks = breakpoints([function, *relations, *(side for step in steps for side in (step.before, step.after))])
    plan = Plan(seed, function, lengths, indices, breaks=breaks)
    step_checks = [guarded(f"step {number} ({step.rule.name})", check_step, number, step,
                           derivation.definitions, plan, preparer, step=number)
                   for number, step in enumerate(derivation.all_steps(), start=1)]
    result_checks = [guarded(DOMAIN, check_domain, plan),
                     guarded("the first step starts from the derivative asked for", check_start, derivation, plan,
                             preparer),
                     check_chain(derivation)]
    if derivation.cases:
        result_checks.append(guarded("the cases cover the domain", check_cases, derivation, plan, preparer))
    closed = guarded("closed form", check_closed_form, derivation, plan)
    result_checks.extend(closed if isinstance(closed, list) else [closed])
    if against_sympy:
        result_checks.append(guarded("result against sympy.diff", check_against_sympy, derivation, plan, preparer))
    result_checks.extend(lemma_check(lemma, derivation.definitions) for lemma in derivation.lemmas)
    return replace(derivation, verification=Verification(tuple(step_checks), tuple(result_checks), plan.seed))


def lemma_check(lemma: Derivation, definitions) -> Check:
    """Whether a lemma the steps use (the derivative of a named part, a derivation of its own) was
    proven by its own checks: a lemma not proven leaves the derivation that uses it not proven."""
    if lemma.verification is None:
        return Check(f"lemma {lemma.title}", False, "derivation", "it was never checked")
    if lemma.definitions != definitions:
        return Check(f"lemma {lemma.title}", False, "derivation", "it was proven for other definitions of the names")
    failures = lemma.verification.failures
    if failures:
        return Check(f"lemma {lemma.title}", False, "derivation",
                     "its own checks failed: " + "; ".join(check.subject for check in failures))
    count = len(lemma.verification.steps)
    return Check(f"lemma {lemma.title}", True, "derivation",
                 f"derived once, its {count} step{'s' if count != 1 else ''} and result checked on their own")
