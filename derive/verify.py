"""The checker: proves each step's before and after equal, independently of the rule that made it.

For every step, derivatives are worked out by SymPy (``doit``), definitions such as S are
unfolded, and both sides are compared:
- numerically, always: at random points with 30-digit precision, at several concrete lengths
  L, with the indices drawn to honour the step's case (j = k or j != k);
- symbolically, where that is cheap: the two sides are identical once derivatives are done,
  or their difference expands to 0.
The result is also compared with the closed form given for each case, and with SymPy's own
derivative of the explicit function for L = 2..6 at every pair of indices.
"""

from __future__ import annotations

import functools
import itertools
import random
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

import mpmath
from sympy import (S, Add, And, Basic, Derivative, Dummy, Eq, Expr, Indexed, Integer, Ne, Pow, Sum, Symbol, count_ops, expand,
                   log, preorder_traversal)
from sympy.logic.boolalg import BooleanTrue

from .constants import hold_constants, put_back
from .limits import TimeLimit, time_limit, within
from .printers.math import show_text
from .numeric import NotNumeric, Point, TooLarge, close, evaluate, holds
from .records import Check, Derivation, Step, Verification

DIGITS = 30
STEP_LENGTHS = (2, 3, 5)
JACOBIAN_LENGTHS = (2, 3, 4, 5, 6)
ASSIGNMENTS_PER_LENGTH = 3
REGION_PATIENCE = 200  # evaluations per point wanted when a region is asked for
SEARCH_BUDGET = 700  # draws per point wanted in the search for points in a region and the real domain
# the ranges +-s a patient search draws from, 8 points each; None: each input at a scale of its own
SPREADS = (2.0, 4.0, 1.0, None, 8.0, 0.5, 16.0, None, 32.0, 64.0, 128.0, None, 512.0, 2048.0, 8192.0, None)
ROUNDING = mpmath.mpf(10) ** -DIGITS  # a value this small may be a 0 lost in rounding
SYMBOLIC_BUDGET = 120  # count_ops of both sides together: above it, symbolic equality is not tried
SYMBOLIC_SECONDS = 1.0  # and past this, it is given up: the numeric comparison decides
DIFF_SECONDS = 3.0  # SymPy's derivative past this is worked out again with the constants held (real_derivative)
CHECK_SECONDS = 30.0  # the time bound of each check: a check not done by then has failed, naming itself


def real_derivative(expr: Basic, *variable_count) -> Basic:
    """SymPy's derivative of ``expr`` as if every input were real (`plain_real_derivative`).

    Past DIFF_SECONDS, it is worked out again with every constant part such as log(acos(pi))
    held as an opaque symbol, and the constants put back unevaluated: SymPy differentiates
    Min(log(acos(pi))^(3/2)*cos(y)^(3/2), ...) into a Heaviside whose construction asks
    whether a sum holding that complex constant is real, which it works out for minutes.
    Nothing is lost: a constant's derivative is 0, whatever its value."""
    return within(DIFF_SECONDS, "sympy.diff", lambda: plain_real_derivative(expr, *variable_count),
                  lambda _: _with_constants_held(expr, variable_count))


def _with_constants_held(expr: Basic, variable_count) -> Basic:
    held, constants = hold_constants(expr)
    return put_back(plain_real_derivative(held, *variable_count), constants)


def plain_real_derivative(expr: Basic, *variable_count) -> Basic:
    """SymPy's derivative of ``expr``, taken as if every input without assumptions were real.

    The checker draws real points only. SymPy differentiates ``Abs(x)`` for a complex ``x``
    into re, im and their derivatives; for a real ``x`` into ``sign(x)``, which is what the
    value at a real point needs. The inputs are swapped for real stand-ins while SymPy works,
    then swapped back, so the same input still gets the same value.
    """
    real = {symbol: Dummy(symbol.name, real=True) for symbol in expr.free_symbols
            if isinstance(symbol, Symbol) and symbol.is_real is None}
    if not real:
        return Derivative(expr, *variable_count).doit()
    back = {stand_in: symbol for symbol, stand_in in real.items()}
    counts = [(variable.xreplace(real), count) for variable, count in variable_count]
    return Derivative(expr.xreplace(real), *counts).doit().xreplace(back)


def worked_derivative(expr: Basic, *variable_count) -> Basic:
    """`real_derivative`, or the derivative left unworked where SymPy refuses to work it out
    (Heaviside(atanh(pi) - x), a step function of a complex number): no point can be evaluated
    with an unworked derivative, so nothing is compared with it."""
    try:
        return real_derivative(expr, *variable_count)
    except (ValueError, TypeError, NotImplementedError):
        return Derivative(expr, *variable_count)


class Preparer:
    """Unfolds the definitions (S back into its formula) and works out every derivative with
    SymPy (never with a rule of ours), remembering the result for each sub-expression so that
    the steps of one derivation, which share most of their sub-expressions, cost little."""

    def __init__(self, definitions: Sequence = ()):
        self.definitions = tuple(definitions)
        self.done: dict = {}

    def __call__(self, expr: Basic) -> Basic:
        if expr in self.done:
            done = self.done[expr]  # None: nothing to do, and expr itself is returned, not the equal one met before,
            return expr if done is None else done  # so its parent is not rebuilt (and evaluated: the constants held)
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


def _length_symbols(*exprs: Basic) -> list:
    found = set()
    for expr in exprs:
        for total in expr.atoms(Sum):
            for _, a, b in total.limits:
                found |= a.free_symbols | b.free_symbols
    return sorted(found, key=str)


def _index_symbols(exprs: Iterable[Basic], lengths: Sequence, case: Basic | None) -> list:
    found = set()
    for expr in list(exprs) + ([case] if case is not None else []):
        found |= {symbol for symbol in expr.free_symbols if symbol.is_integer}
    return sorted(found - set(lengths), key=str)


def _holds(relation: Basic | None, assignment: dict) -> bool:
    """Whether the index values of ``assignment`` satisfy ``relation``; a part that relates real
    inputs (x > 0) is left to the point (see `_real_part`), so it counts as satisfied here."""
    if relation is None:
        return True
    if not relation.free_symbols <= set(assignment):
        if isinstance(relation, And):
            return all(_holds(part, assignment) for part in relation.args)
        return True
    if isinstance(relation, (Eq, Ne)) and all(side in assignment for side in relation.args):
        same = assignment[relation.lhs] == assignment[relation.rhs]
        return same if isinstance(relation, Eq) else not same
    if isinstance(relation, And):
        return all(_holds(part, assignment) for part in relation.args)
    decided = relation.xreplace({symbol: Integer(value) for symbol, value in assignment.items()})
    return isinstance(decided, BooleanTrue) or decided is True


def _real_part(case: Basic | None) -> Basic | None:
    """The part of ``case`` that relates real inputs (x > 0), which a point must satisfy; None if none."""
    if case is None:
        return None
    parts = case.args if isinstance(case, And) else (case,)
    real = [part for part in parts if any(not symbol.is_integer for symbol in part.free_symbols)]
    return And(*real) if real else None


def assignments(indices: Sequence, n: int, case: Basic | None, rng: random.Random, limit: int) -> list[dict]:
    """Up to ``limit`` assignments of values 1..n to the index symbols that satisfy ``case``.

    All-equal and all-different assignments come first when they are allowed, so that a shared
    step is checked both where j = k and where j != k.
    """
    if not indices:
        return [{}]
    every, equal, different = _all_assignments(tuple(indices), n, case)
    chosen = [group[rng.randrange(len(group))] for group in (equal, different) if group]
    for position in rng.sample(range(len(every)), len(every)):
        if len(chosen) >= limit:
            break
        if every[position] not in chosen:
            chosen.append(every[position])
    return chosen[:limit]


@functools.lru_cache(maxsize=256)
def _all_assignments(indices: tuple, n: int, case: Basic | None):
    """Every assignment of 1..n to ``indices`` that satisfies ``case``; the all-equal and
    all-different ones apart."""
    every = [dict(zip(indices, values)) for values in itertools.product(range(1, n + 1), repeat=len(indices))]
    every = [a for a in every if _holds(case, a)]
    equal = [a for a in every if len(set(a.values())) == 1]
    different = [a for a in every if len(set(a.values())) == len(indices)]
    return every, equal, different


class Sampler:
    """The random points of one verification, shared by all its steps.

    The same index values and the same input values are drawn for every step under the same
    case, so the value of a sub-expression that several steps share is computed once.
    """

    def __init__(self, seed: int = 0, domain: Basic | None = None):
        self.seed = seed
        self.domain = domain  # the function differentiated: a point must make each of its parts real
        self.points: dict = {}
        self.choices: dict = {}
        self.found: dict = {}  # (index values, region) -> _Search
        self.parts: list | None = None  # the parts of the domain that vary, once asked for

    def assignments(self, indices: Sequence, n: int, case: Basic | None, limit: int) -> list[dict]:
        key = (tuple(indices), n, case, limit)
        if key not in self.choices:
            rng = random.Random(f"{self.seed}|{indices}|{n}|{case}|{limit}")
            self.choices[key] = assignments(indices, n, case, rng, limit)
        return self.choices[key]

    def point(self, bound: dict, attempt: int, *, patient: bool = False) -> Point:
        """The point for these index values; later attempts draw values closer to 0, or, when
        ``patient`` (a case whose region a point must fall in, such as x > 2), from wider and
        narrower ranges in turn, eight points each: +-2, +-4, +-1, then each input at a scale of its
        own, +-8, +-0.5, +-16, ... +-8192."""
        key = (tuple(sorted(bound.items(), key=str)), attempt, patient)
        if key not in self.points:
            spread = SPREADS[(attempt - 1) // 8 % len(SPREADS)] if patient else 2.0 / attempt
            rng = random.Random(f"{self.seed}|{key}")
            self.points[key] = (Point(rng, scattered=True) if spread is None
                                else Point(rng, low=-spread, high=spread))
        return self.points[key]

    def search(self, bound: dict, condition: Basic | None) -> "_Search":
        """The search for usable points for these index values and this region, shared by every
        step under the same case."""
        key = (tuple(sorted(bound.items(), key=str)), condition)
        if key not in self.found:
            self.found[key] = _Search(wide=condition is not None, rng=random.Random(f"{self.seed}|{key}|near"))
        return self.found[key]

    def usable(self, bound: dict, condition: Basic | None, budget: int):
        """The points, in order, that lie in the region ``condition`` and make every part of the
        function real: drawn once for the case and shared by every step under it, so a narrow
        region (x in (-1, -0.94)) is searched for once, with ``budget`` draws at most.

        The first draws come closer to 0; once a point falls outside the region or the real
        domain (sqrt(x - 1) at x < 1), the draws range wider and narrower in turn, and every
        other draw is made near the best point so far: the one that satisfies the most relations
        of the region, then makes the most parts of the function real. A region a random draw
        rarely hits (1 < x - (1 + y)^(3/2) < 1.54 with acos z below it) is climbed to."""
        search = self.search(bound, condition)
        position = 0
        while True:
            if position < len(search.points):
                yield search.points[position]
                position += 1
                continue
            if search.drawn >= budget:
                return
            search.drawn += 1
            if search.best is not None and search.drawn % 2 == 0:
                point = search.near(search.best)
            else:
                point = self.point(bound, search.drawn, patient=search.wide)
            if search.wide:
                score = self.closeness(point, bound, condition)
                if search.best is None or score >= search.best_score:
                    search.best, search.best_score = point, score
            try:
                if condition is not None and not holds(condition, point, bound, point.memo):
                    search.missed["outside the region"] += 1
                    search.wide = True
                    continue
                if self.domain is not None and not real_throughout(self.domain, point, bound):
                    search.missed["where the function is not real"] += 1
                    search.wide = True
                    continue
            except TooLarge:  # real, but overflowing: e^(e^(e^x)) eight deep
                search.missed["undefined or overflowing"] += 1
                search.wide = True
                continue
            except NotNumeric:  # a side of the region is not even real here (acosh(x) > 2 at x = 0)
                search.missed["where the function is not real"] += 1
                search.wide = True
                continue
            search.points.append(point)

    def closeness(self, point: Point, bound: dict, condition: Basic | None) -> float:
        """How near ``point`` comes to being usable: the relations of the region it satisfies, plus
        the share of the function's parts that are real there."""
        relations = () if condition is None else condition.args if isinstance(condition, And) else (condition,)
        score = 0.0
        for relation in relations:
            try:
                score += holds(relation, point, bound, point.memo)
            except (NotNumeric, ZeroDivisionError, ValueError):
                pass
        if self.domain is not None:
            if self.parts is None:
                self.parts = [node for node in preorder_traversal(self.domain)
                              if isinstance(node, Expr) and not node.is_Atom and node.free_symbols]
            real = 0
            for node in self.parts:
                try:
                    real += mpmath.im(evaluate(node, point, bound, point.memo)) == 0
                except (NotNumeric, ZeroDivisionError, ValueError):
                    pass
            score += real / max(len(self.parts), 1)
        return score


@dataclass
class _Search:
    """The usable points found so far for one case and index values, what the other draws
    missed and why, how many draws were made, whether the draws now range wider, and the
    point nearest to usable so far, near which every other draw is made."""

    points: list = field(default_factory=list)
    missed: Counter = field(default_factory=Counter)
    drawn: int = 0
    wide: bool = False
    rng: random.Random = field(default_factory=random.Random)
    best: Point | None = None
    best_score: float = -1.0

    def near(self, point: Point) -> Point:
        """A point near ``point``: each input moved by a normal step of 0.1% to 100% of its size."""
        moved = {}
        for key, value in point.values.items():
            scale = max(abs(float(value)), 1.0) * 10 ** self.rng.uniform(-3, 0)
            moved[key] = mpmath.mpf(float(value) + self.rng.gauss(0, 1) * scale)
        return Point(random.Random(self.rng.random()), fixed=moved)


def numeric_equal(a: Basic, b: Basic, case: Basic | None = None, *, lengths=STEP_LENGTHS,
                  per_length=ASSIGNMENTS_PER_LENGTH, digits=DIGITS, seed=0,
                  sampler: Sampler | None = None, symbols=None) -> tuple[bool | None, str]:
    """Whether ``a`` and ``b`` agree at random points, and a sentence saying how (or where not).

    None when no point could be evaluated at all: that proves nothing either way.
    ``symbols`` gives the (length symbols, index symbols) when the caller knows them.
    """
    sampler = sampler or Sampler(seed)
    if symbols is None:
        length_symbols = _length_symbols(a, b)
        indices = _index_symbols((a, b), length_symbols, case)
    else:
        length_symbols, indices = symbols
    sizes = lengths if (length_symbols or indices) else (None,)
    condition = _real_part(case)
    # evaluations per point wanted: few for an indexed sum (defined at every point), many where a
    # point usable for the function may still leave a step undefined (a power underflowing to 0)
    patience = 5 if condition is None and sampler.domain is None else REGION_PATIENCE
    tried = 0
    missed: Counter = Counter()
    with mpmath.workdps(digits + 10):
        for n in sizes:
            fixed = {symbol: n for symbol in length_symbols} if n is not None else {}
            chosen = sampler.assignments(indices, n or 3, case, per_length)
            points = 1 if (length_symbols or indices) else per_length
            for assignment in chosen:
                bound = {**fixed, **assignment}
                found, attempts = 0, 0
                usable = sampler.usable(bound, condition, SEARCH_BUDGET * points)
                for point in usable:
                    if found >= points or attempts >= patience * points:
                        break
                    attempts += 1
                    try:
                        left, right = evaluate(a, point, bound, point.memo), evaluate(b, point, bound, point.memo)
                    except (NotNumeric, ZeroDivisionError, ValueError):
                        missed["undefined or overflowing"] += 1
                        continue
                    if not (mpmath.isfinite(left) and mpmath.isfinite(right)):
                        missed["undefined or overflowing"] += 1
                        continue
                    found += 1
                    tried += 1
                    if not close(left, right, digits):
                        where = ", ".join(f"{s}={v}" for s, v in bound.items())
                        return False, (f"differ at {where or 'a random point'}: "
                                       f"{mpmath.nstr(left, 12)} against {mpmath.nstr(right, 12)}")
                usable.close()
                missed.update(sampler.search(bound, condition).missed)
    if tried == 0:
        return None, no_point(missed, case)
    at = f" at L = {', '.join(str(n) for n in sizes)}" if length_symbols else ""
    return True, f"equal at {tried} random points{at} to {digits} digits"


REASONS = ("outside the region", "where the function is not real", "undefined or overflowing")


def no_point(missed: Counter, case: Basic | None) -> str:
    """Why no point could be evaluated: how many of the points drawn failed, and how."""
    drawn = sum(missed.values())
    reasons = ", ".join(f"{missed[why]} {why}" + (f" {show_text(case)}" if why == "outside the region" else "")
                        for why in REASONS if missed[why])
    return f"no point could be evaluated: of {drawn} drawn, {reasons}" if drawn else "no point could be evaluated"


def real_throughout(expr: Basic, point: Point, bound: dict) -> bool:
    """Whether every part of ``expr`` that varies has a real value at ``point`` (the derivative
    over the reals is taken where the function and each part of it are real), and nothing is
    divided by, or has its log taken of, a 0 lost in rounding: sin^2 x + cos^2 x - 1 is 0
    exactly but evaluates to about 1e-42, and its log or reciprocal at such a point is no number."""
    for node in preorder_traversal(expr):  # a constant part may be complex (|atanh(2)| is real all the same)
        if isinstance(node, Expr) and not node.is_Atom and node.free_symbols:
            if mpmath.im(evaluate(node, point, bound, point.memo)) != 0:
                return False
            singular = _singular_at_zero(node)
            if singular is not None and singular.free_symbols:
                value = evaluate(singular, point, bound, point.memo)
                if value != 0 and abs(value) < ROUNDING:
                    return False
    return True


def _singular_at_zero(node: Basic) -> Basic | None:
    """The part of ``node`` that must not be 0: the argument of a log, the base of a power with
    an exponent that is not a positive whole number."""
    if isinstance(node, log):
        return node.args[0]
    if isinstance(node, Pow) and not (node.exp.is_Integer and node.exp > 0):
        return node.base
    return None


def symbolic_equal(a: Basic, b: Basic) -> bool | None:
    """True when cheaply proven equal; None when not tried, not proven, or not cheap after all
    (past SYMBOLIC_SECONDS): never a verdict of 'unequal'."""
    if a == b:
        return True
    if a.has(Sum) or b.has(Sum):
        return None

    def compare():  # count_ops too can evaluate for minutes (a log over a complex constant, rebuilt)
        if count_ops(a) + count_ops(b) > SYMBOLIC_BUDGET:
            return None
        return True if expand(a - b) == 0 else None
    try:  # expanding (x - pi)^18 by the multinomial theorem is not cheap: past its bound, not proven
        return within(SYMBOLIC_SECONDS, "the symbolic comparison", compare, lambda bound: None)
    except TimeLimit:
        raise
    except Exception:  # noqa: BLE001 -- SymPy's own failures (a ZeroDivisionError deep in expand): not proven
        return None


def check_equal(subject: str, before: Basic, after: Basic, case: Basic | None, definitions: Sequence,
                seed: int = 0, sampler: Sampler | None = None, preparer: Preparer | None = None,
                symbols=None) -> Check:
    preparer = preparer or Preparer(definitions)
    a, b = preparer(before), preparer(after)
    symbolic = symbolic_equal(a, b)
    numeric, detail = numeric_equal(a, b, case, seed=seed, sampler=sampler, symbols=symbols)
    if numeric is None:  # no point could be evaluated: only a symbolic proof can pass the step
        return Check(subject, bool(symbolic), "symbolic" if symbolic else "none",
                     detail + ("; proven symbolically instead" if symbolic else ""), symbolic)
    method = "numeric" + (" and symbolic" if symbolic else "")
    return Check(subject, numeric, method, detail, symbolic)


def check_step(number: int, step: Step, definitions: Sequence, sampler: Sampler | None = None,
               preparer: Preparer | None = None, symbols=None) -> Check:
    return check_equal(f"step {number} ({step.rule.name})", step.before, step.after, step.case,
                       definitions, seed=number, sampler=sampler, preparer=preparer, symbols=symbols)


def _shared_indices(expression: Basic, variable: Basic) -> set:
    """Index symbols found in every indexed input (the sample i of z_{i,j}): held at 1."""
    atoms = [atom for atom in expression.atoms(Indexed)] + ([variable] if isinstance(variable, Indexed) else [])
    if not atoms:
        return set()
    common = set.intersection(*[set(atom.indices) for atom in atoms])
    free = expression.free_symbols | variable.free_symbols  # never a summation index: the sum binds it
    return {index for index in common if index.is_Symbol and index in free}


def check_against_sympy(derivation: Derivation, lengths=JACOBIAN_LENGTHS) -> Check:
    """The result against SymPy's derivative of the explicit function, at every index pair.

    For each concrete length n the sums are written out (z_1 + ... + z_n), SymPy differentiates
    the explicit expression, and the two are compared at a random point for every assignment
    of the indices in 1..n.
    """
    expression = prepare(derivation.expression, derivation.definitions)
    result = prepare(derivation.unified, derivation.definitions)
    length_symbols = _length_symbols(expression)
    if not length_symbols:
        truth = worked_derivative(expression, (derivation.variable, 1))
        regions = [(case.relation, prepare(case.result, derivation.definitions)) for case in derivation.cases
                   if _real_part(case.relation) is not None]
        if not regions:
            return check_equal("result against sympy.diff", truth, result, None, (), seed=101,
                               sampler=Sampler(101, expression))
        checks = [check_equal("result against sympy.diff", truth, value, relation, (), seed=101,
                              sampler=Sampler(101, expression))
                  for relation, value in regions]  # each piece in its own region (x > 2 too)
        failed = [check for check in checks if not check.passed]
        if failed:
            return failed[0]
        regions_said = "in its one region" if len(checks) == 1 else f"in each of the {len(checks)} regions"
        return Check("result against sympy.diff", True, checks[0].method,
                     f"equal {regions_said}: " + "; ".join(
                         f"for {show_text(relation)}, {check.detail}" for (relation, _), check in zip(regions, checks)))
    indices = _index_symbols((expression, result, derivation.variable), length_symbols, None)
    shared = _shared_indices(expression, derivation.variable)
    indices = [index for index in indices if index not in shared]
    rng = random.Random(7)
    compared = 0
    explicit_forms: dict = {}
    with mpmath.workdps(DIGITS + 10):
        for n in lengths:
            for values in itertools.product(range(1, n + 1), repeat=len(indices)):
                bound = dict(zip(indices, values)) | {index: 1 for index in shared}
                concrete = {s: Integer(v) for s, v in bound.items()} | {s: Integer(n) for s in length_symbols}
                instance = expression.xreplace(concrete)
                if instance not in explicit_forms:
                    explicit_forms[instance] = write_out_sums(instance)
                variable = derivation.variable.xreplace(concrete)
                truth = explicit_forms[instance].diff(variable)
                point = Point(rng)
                left = evaluate(truth, point)
                right = evaluate(result, point, {**bound, **{s: n for s in length_symbols}})
                compared += 1
                if not close(left, right, DIGITS):
                    where = ", ".join(f"{s}={v}" for s, v in bound.items())
                    return Check("result against sympy.diff", False, "numeric",
                                 f"L={n}, {where}: sympy.diff gives {mpmath.nstr(left, 12)}, "
                                 f"the derivation {mpmath.nstr(right, 12)}")
    return Check("result against sympy.diff", True, "numeric",
                 f"equal to sympy.diff of the explicit function for L = {lengths[0]}..{lengths[-1]}, "
                 f"at all {compared} index assignments")


def check_closed_form(derivation: Derivation) -> list[Check]:
    checks = []
    results = {case.relation: case.result for case in derivation.cases}
    for relation, expected in derivation.closed_form:
        got = results.get(relation, derivation.unified)
        subject = "closed form" if relation == S.true else f"closed form for {show_text(relation)}"
        check = check_equal(subject, got, expected, relation, derivation.definitions,
                            seed=211)
        checks.append(check)
    return checks


def check_chain(derivation: Derivation) -> Check:
    """Each step starts where the one before it ended (a case starts where the shared steps end)."""
    subject = "the steps follow on from each other"
    start = derivation.start
    for steps, first_before in [(derivation.steps, start)] + [
            (case.steps, derivation.steps[-1].after if derivation.steps else start) for case in derivation.cases]:
        expected = first_before
        for step in steps:
            if step.before != expected:
                number = derivation.all_steps().index(step) + 1
                return Check(subject, False, "structural",
                             f"step {number} ({step.rule.name}) does not start from the expression before it")
            expected = step.after
    return Check(subject, True, "structural", "each step starts from the expression the one before it ended with")


def guarded(subject: str, check, *args, method: str = "numeric"):
    """Run one check within its time bound; an error inside it, or running out of time, is a
    failed check, never a crash, never a hang and never a pass."""
    try:
        with time_limit(CHECK_SECONDS, subject):
            return check(*args)
    except TimeLimit as error:
        if error.what != subject:
            raise  # an outer bound (the caller's) ran out: it is the caller's to report
        return Check(subject, False, method, f"not checked: {error}")
    except Exception as error:  # the checker must report, whatever SymPy raises
        return Check(subject, False, method, f"could not be checked: {type(error).__name__}: {error}")


def verify(derivation: Derivation, *, against_sympy: bool = True) -> Derivation:
    """The derivation with its `Verification`: every step, the merge, and the result checked."""
    preparer = Preparer(derivation.definitions)
    function = preparer(derivation.expression)
    lengths = _length_symbols(function)
    sampler = Sampler(domain=None if lengths else function)
    relations = [case.relation for case in derivation.cases]
    indices = _index_symbols([function, derivation.variable, *relations], lengths, None)
    step_checks = [guarded(f"step {number} ({step.rule.name})", check_step, number, step,
                            derivation.definitions, sampler, preparer, (lengths, indices))
                   for number, step in enumerate(derivation.all_steps(), start=1)]
    result_checks = [check_chain(derivation)]
    closed = guarded("closed form", check_closed_form, derivation)
    result_checks.extend(closed if isinstance(closed, list) else [closed])
    if against_sympy:
        result_checks.append(guarded("result against sympy.diff", check_against_sympy, derivation))
    return replace(derivation, verification=Verification(tuple(step_checks), tuple(result_checks)))
