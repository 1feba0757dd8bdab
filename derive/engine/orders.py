"""Derivatives of higher order, order by order.

The derivative of order n is the derivative of the result of order n - 1: each order is a
derivation of its own along the same route, starting from d/dx of the result before it, and
derived only once that result is verified (``confirm``, the checker, is handed in: the engine
knows no checker). The orders are then told as one derivation whose steps run through them in
turn, each step marked with its ``stage``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Sequence

from sympy import Expr

from derive.rules import Definition

from .records import Derivation
from .run import DerivationError, Route, derive

MAX_ORDER = 8


class CasesBeforeTheLastOrder(DerivationError):
    """An order below the last split into cases: the orders after it are not derived."""

    def __init__(self, order: int, relations):
        self.order, self.relations = order, tuple(relations)
        listed = ", ".join(str(relation) for relation in self.relations)
        super().__init__(f"the derivative of order {order} splits into cases ({listed}), with no single "
                         f"expression to differentiate again: ask for order {order} at most")


def derive_orders(expression: Expr, variable: Expr, route: Route, order: int, *,
                  confirm: Callable[[Derivation], Derivation] | None = None,
                  definitions: Sequence[Definition] = (), title: str = "") -> Derivation:
    """The derivative of ``order`` (1 to MAX_ORDER) as one derivation through every order.

    Each order starts from the verified result of the one before; an order that ``confirm``
    does not verify ends the derivation there (its result then is not of the order asked for,
    and the checker's comparison with SymPy's derivative of that order fails)."""
    if isinstance(order, bool) or not isinstance(order, int) or not 1 <= order <= MAX_ORDER:
        raise ValueError(f"the order must be a whole number from 1 to {MAX_ORDER}, not {order!r}")
    stages: list[Derivation] = []
    current = expression
    for stage in range(1, order + 1):
        derivation = derive(current, variable, route, definitions=definitions, title=title)
        if stage > 1:
            derivation = replace(derivation, steps=_staged(derivation.steps, stage),
                                 cases=tuple(replace(case, steps=_staged(case.steps, stage))
                                             for case in derivation.cases),
                                 merge=None if derivation.merge is None else replace(derivation.merge, stage=stage))
        stages.append(derivation)
        if stage == order:
            break
        if derivation.cases:
            raise CasesBeforeTheLastOrder(stage, [case.relation for case in derivation.cases])
        if confirm is not None and not confirm(derivation).verified:
            break
        if stage == 1:
            route = _with_proven_names(route, derivation, definitions, variable)
        current = derivation.unified
    first, last = stages[0], stages[-1]
    steps = tuple(step for stage in stages[:-1] for step in stage.steps) + last.steps
    return replace(last, expression=first.expression, steps=steps, order=order, verification=None,
                   title=title or last.title, shown=last.shown)


def _with_proven_names(route: Route, first: Derivation, definitions, variable) -> Route:
    """The route with, for each named function the first order folded into (sigma(x), defined as
    the function differentiated), a rule for its derivative taken from the first order's
    verified result: the second order of the sigmoid differentiates sigma(x)(1 - sigma(x))."""
    from sympy import Indexed

    from derive.rules.calculus.outer_function import outer_function_rule
    from derive.rules.forms import hold

    made = []
    for definition in definitions:
        name = definition.name
        if isinstance(name, Indexed) or not name.args or definition.index != variable \
                or definition.body != first.expression:
            continue
        result = first.unified
        made.append(outer_function_rule(
            name.func, f"{name.func} rule", rf"{name.func}'(g) = \text{{the first order's result at }} g",
            lambda g, result=result: hold(result.xreplace({variable: g})), what=f"the function {name.func}",
            explanation="the derivative of the first order, proven step by step above"))
    if not made:
        return route
    return Route(route.name, tuple(made) + route.rules, route.merge, route.description)


def _staged(steps, stage: int):
    return tuple(replace(step, stage=stage) for step in steps)


__all__ = ["CasesBeforeTheLastOrder", "MAX_ORDER", "derive_orders"]
