"""Regions of the real line named by relations (x > 0, x < a): the cases of a piecewise derivative.

A function defined piece by piece (Max, Min, Piecewise) has a derivative piece by piece, on the
open region where each piece is in force; where two pieces meet the derivative need not exist.
These helpers build those regions as SymPy relations (never strings) and read what the case in
force already says about them, by the relations it is made of (no solving).
"""

from __future__ import annotations

from sympy import (And, Basic, ConditionSet, Dummy, Eq, Ge, Gt, Le, Lt, Ne, Not, Or, Piecewise, S, count_ops,
                   piecewise_fold, solveset)
from sympy.core.relational import Relational

from .limits import SOLVE_SECONDS, TimeLimit, within

MAX_SOLVED_OPS = 20  # the largest region (count_ops) solved to see whether it is empty

OPPOSITE = {Gt: Lt, Lt: Gt}
STRICT = {Ge: Gt, Le: Lt, Gt: Gt, Lt: Lt}


def equal(a: Basic, b: Basic) -> Relational:
    """a = b, written with the varying side first (x = 0 rather than 0 = x)."""
    return Eq(b, a) if a.is_number and not b.is_number else Eq(a, b)


def greater(a: Basic, b: Basic) -> Relational:
    """a > b, written with the varying side first (x < 0 rather than 0 > x)."""
    return Lt(b, a) if a.is_number and not b.is_number else Gt(a, b)


def conjuncts(relation: Basic | None) -> tuple[Basic, ...]:
    if relation is None or relation == S.true:
        return ()
    return relation.args if isinstance(relation, And) else (relation,)


def _canonical(relation: Basic) -> Basic:
    if isinstance(relation, Lt) or isinstance(relation, Gt):
        a, b = relation.lhs, relation.rhs
        return greater(a, b) if isinstance(relation, Gt) else greater(b, a)
    return relation


def _opposite(relation: Basic) -> Basic | None:
    """The open region on the other side: x < 0 for x > 0."""
    if isinstance(relation, (Gt, Lt)):
        return _canonical(OPPOSITE[type(relation)](relation.lhs, relation.rhs))
    return None


def implied(relation: Basic, case: Basic | None) -> bool:
    """Whether the case in force states ``relation`` (every part of it) already."""
    stated = {_canonical(part) for part in conjuncts(case)}
    return all(_canonical(part) in stated for part in conjuncts(relation))


def contradicted(relation: Basic, case: Basic | None) -> bool:
    """Whether the case in force states the opposite of a part of ``relation``, or the region
    holds nowhere on the real line (1/x^2 < -1)."""
    stated = {_canonical(part) for part in conjuncts(case)}
    if any(_opposite(part) in stated for part in conjuncts(relation)) or nowhere(relation):
        return True
    return bool(stated) and nowhere(And(*conjuncts(relation), *conjuncts(case)))  # -x > x under x > 0


def nowhere(relation: Basic) -> bool:
    """Whether the region holds at no real point (1/x^2 < -1, x > |x|). Decided by SymPy's solver,
    with Abs written piece by piece, only for inequalities in one variable that are small; False
    when not known (the solver gave up, took longer than SOLVE_SECONDS, or the region is too large
    to try)."""
    parts = conjuncts(relation)
    symbols = relation.free_symbols
    if not parts or len(symbols) != 1:
        return False
    (x,) = symbols
    if not all(isinstance(part, (Gt, Lt)) for part in parts):
        return False
    return within(SOLVE_SECONDS, f"deciding whether {relation} holds anywhere",
                  lambda: _solved_empty(parts, x), lambda bound: False)  # too long: not known


def at_least(a: Basic, b: Basic) -> Relational:
    """a >= b, written with the varying side first (x <= 0 rather than 0 >= x)."""
    return Le(b, a) if a.is_number and not b.is_number else Ge(a, b)


def solid(equation: Basic) -> bool:
    """Whether the equation a = b holds on a whole interval (x = |x| on x >= 0), not only at
    isolated points (x = 0): then it is a region of its own, where the pieces agree, not a kink.
    Decided by SymPy's solver for small equations in one variable within SOLVE_SECONDS; False
    when not known (the checker then finds the region the cases miss, if any)."""
    if not isinstance(equation, Eq) or len(equation.free_symbols) != 1:
        return False
    (x,) = equation.free_symbols
    difference = equation.lhs - equation.rhs
    if count_ops(difference) > MAX_SOLVED_OPS:
        return False

    def solve() -> bool:
        real = Dummy(x.name, real=True)
        try:
            solved = solveset(Eq(piecewise_fold(difference.xreplace({x: real}).rewrite(Piecewise)), 0), real, S.Reals)
            return not isinstance(solved, ConditionSet) and bool(solved.measure > 0)
        except TimeLimit:
            raise
        except Exception:  # noqa: BLE001 -- the solver's own limits (no measure of an ImageSet): not known
            return False
    return within(SOLVE_SECONDS, f"deciding whether {equation} holds on an interval", solve, lambda bound: False)


def _solved_empty(parts: list, x: Basic) -> bool:
    real = Dummy(x.name, real=True)
    region = S.Reals
    for part in parts:
        difference = part.lhs - part.rhs if isinstance(part, Gt) else part.rhs - part.lhs
        if count_ops(difference) > MAX_SOLVED_OPS:
            return False
        positive = piecewise_fold(difference.xreplace({x: real}).rewrite(Piecewise)) > 0
        try:
            solved = solveset(positive, real, S.Reals)
        except TimeLimit:
            raise
        except Exception:  # noqa: BLE001 -- the solver's own limits (unsortable roots and the like): not known
            return False
        if isinstance(solved, ConditionSet):
            return False
        region = region.intersect(solved)
    return region is S.EmptySet


def interior(condition: Basic) -> Basic | None:
    """The open region of ``condition``: x <= 0 becomes x < 0. None when it is not a region of
    inequalities (an equation x = 0 marks a single point, where no derivative is taken)."""
    if condition == S.true:
        return S.true
    if isinstance(condition, Ne):  # both sides of a point
        return Or(greater(condition.rhs, condition.lhs), greater(condition.lhs, condition.rhs))
    if isinstance(condition, (Gt, Lt, Ge, Le)):
        return _canonical(STRICT[type(condition)](condition.lhs, condition.rhs))
    if isinstance(condition, (And, Or)):
        parts = [interior(part) for part in condition.args]
        return None if any(part is None for part in parts) else condition.func(*parts)
    if isinstance(condition, Not):
        inner = condition.args[0]
        if isinstance(inner, Relational):
            return interior(inner.negated)
        if isinstance(inner, (And, Or)):  # De Morgan
            return interior((Or if isinstance(inner, And) else And)(*[Not(part) for part in inner.args]))
    return None


def outside(conditions: list[Basic]) -> Basic | None:
    """The open region where none of ``conditions`` holds (the pieces before a piece)."""
    parts = [interior(Not(condition)) for condition in conditions]
    return None if any(part is None for part in parts) else And(*parts)


def boundary(conditions: list[Basic]) -> Basic:
    """Where the regions of ``conditions`` meet: x = 0 for x > 0 (an equation per relation)."""
    meets = []
    for condition in conditions:
        for relation in sorted(condition.atoms(Relational), key=str) if not isinstance(condition, Relational) \
                else [condition]:
            meeting = equal(relation.lhs, relation.rhs)
            if meeting not in meets and meeting != S.true:
                meets.append(meeting)
    return Or(*meets) if meets else S.false
