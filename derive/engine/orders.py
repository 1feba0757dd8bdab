"""Derivatives of higher order, order by order.

The derivative of order n is the derivative of the result of order n - 1: each order is a
derivation of its own along the same route, starting from d/dx of the result before it, and
derived only once that result is verified (``confirm``, the checker, is handed in: the engine
knows no checker). The orders are then told as one derivation whose steps run through them in
turn, each step marked with its ``stage``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Sequence

from sympy import Expr

from derive.rules import Context, Definition
from derive.show import show_text

from .records import Derivation, Verification
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
        if confirm is not None and not confirm(derivation).verified:
            break
        if stage == 1:
            route = with_proven_names(route, derivation, definitions, variable, confirm)
        if derivation.cases:  # the next orders go on inside each case, from the case's verified result
            stages[-1] = _on_in_cases(derivation, variable, route, stage + 1, order, definitions)
            break
        current = derivation.unified
    first, last = stages[0], stages[-1]
    steps = tuple(step for stage in stages[:-1] for step in stage.steps) + last.steps
    return replace(last, expression=first.expression, steps=steps, order=order, verification=None,
                   title=title or last.title, shown=last.shown)


def _on_in_cases(derivation: Derivation, variable: Expr, route: Route, stage: int, order: int,
                 definitions: Sequence[Definition]) -> Derivation:
    """``derivation``, split into cases at order ``stage`` - 1, carried on to ``order`` inside each
    case: each later order starts from d/dx of the case's result where the case's relation holds
    (1 - S_k where j = k), and the cases' results of the last order are merged as the route merges."""
    from .records import Case
    from .run import derive_in_case, merged

    cases = []
    for case in derivation.cases:
        steps, current = list(case.steps), case.result
        for next_stage in range(stage, order + 1):
            more, current = derive_in_case(current, variable, route, case.relation, definitions=definitions)
            steps.extend(_staged(more, next_stage))
        cases.append(Case(case.relation, tuple(steps), current, steps[-1].after if steps else current))
    result, merge = merged(cases, route, Context(tuple(definitions)), derivation.expression)
    if merge is not None:
        merge = replace(merge, stage=order)
    return replace(derivation, cases=tuple(cases), result=result, merge=merge)


def derive_mixed(first: Derivation, index: Expr, route: Route, *,
                 confirm: Callable[[Derivation], Derivation], title: str = "", closed_form=()) -> Derivation:
    """The second derivative d²f/dx_j dx_k of a function of indexed inputs, from its verified
    first derivative df/dx_k = r(k).

    The first order's result, its free index k renamed ``index`` (j), is df/dx_j, the gradient's
    j-th component; its derivative by x_k along ``route`` is the second order. Both orders are
    told as one derivation (the first order's steps, then the second's, each marked with its
    ``stage``), with ``wrt`` = (x_j, x_k). Its verification is made of the two orders' own, each
    by the checker (``confirm``); checks of the whole (that df/dx_j is where the second order
    starts, the result against SymPy's mixed derivative) are the caller's, who knows the checker."""
    from sympy import Indexed

    if not first.verified:
        raise DerivationError("the first order is not proven, so no second order is derived from it")
    if first.cases:
        raise CasesBeforeTheLastOrder(1, [case.relation for case in first.cases])
    variable = first.variable
    if not isinstance(variable, Indexed) or index in variable.indices:
        raise ValueError(f"a mixed second derivative needs an indexed variable and a new index, not {variable} "
                         f"and {index}")
    wrt = variable.indices[-1]
    renamed = variable.xreplace({wrt: index})
    gradient = first.unified.xreplace({wrt: index})
    second = confirm(derive(gradient, variable, route, definitions=first.definitions, title=title,
                            closed_form=closed_form))
    first_checks, second_checks = first.verification, second.verification
    offset = len(first.all_steps())
    renumbered = tuple(replace(check, step=check.step + offset,
                               subject=check.subject.replace(f"step {check.step} ", f"step {check.step + offset} ", 1))
                       if check.step is not None else check for check in second_checks.steps)
    verification = Verification(first_checks.steps + renumbered,
                                first_checks.result + second_checks.result,
                                first_checks.seed if first_checks.seed is not None else second_checks.seed)
    return replace(second, title=title or second.title, expression=first.expression,
                   steps=first.all_steps() + _staged(second.steps, 2),
                   cases=tuple(replace(case, steps=_staged(case.steps, 2)) for case in second.cases),
                   merge=None if second.merge is None else replace(second.merge, stage=2),
                   legend=first.legend, name=first.name, order=2, wrt=(renamed, variable),
                   verification=verification)


@dataclass(frozen=True)
class ProvenName:
    """A proven derivative read for the name its function defines: dS_j/dz_k = r_jk where S_j names
    body_j; `use_proven` takes it as it takes a derivation."""

    expression: Expr
    variable: Expr
    unified: Expr
    verified: bool
    title: str


def proven_for_name(proven: Derivation) -> ProvenName:
    """The verified derivative d body_j / d z_k = r_jk as d S_j / d z_k = r_jk, S_j the name of body_j."""
    if proven.name is None or not proven.verified:
        raise DerivationError(f"'{proven.title}' names no function, or is not proven: no rule is made of it")
    return ProvenName(proven.name, proven.variable, proven.unified, True, proven.title)


def _indexed_name_rule(definition: Definition, variable: Expr, route: Route, definitions, confirm):
    """The rule for d S_m / d z_n of an indexed name S_j = body_j the result folded into (logsumexp's
    S_k): the derivative of its definition, derived along ``route`` and verified first."""
    from derive.rules.calculus.use_proven import use_proven

    if confirm is None:
        return None
    name = definition.name
    proven = confirm(derive(definition.body, variable, route, definitions=definitions, name=name,
                            title=f"the derivative of {show_text(name)}, from its definition"))
    if not proven.verified:
        raise DerivationError(f"the derivative of {show_text(name)} is not proven, so the next order is not derived")
    return use_proven(proven_for_name(proven))


def with_proven_names(route: Route, first: Derivation, definitions, variable, confirm=None) -> Route:
    """The route with, for each named function the first order folded into (sigma(x), defined as
    the function differentiated), a rule for its derivative taken from the first order's
    verified result: the second order of the sigmoid differentiates sigma(x)(1 - sigma(x)). For an
    indexed name (S_k, the softmax logsumexp's derivative folds into), the rule is the derivative
    of its definition, derived and verified on its own (``confirm``)."""
    from sympy import Indexed

    from derive.rules.calculus.outer_function import outer_function_rule
    from derive.rules.forms import hold

    made = []
    for definition in definitions:
        name = definition.name
        if isinstance(name, Indexed):
            if isinstance(variable, Indexed) and any(atom.base == name.base for atom in first.unified.atoms(Indexed)):
                rule = _indexed_name_rule(definition, variable, route, definitions, confirm)
                made.extend([rule] if rule is not None else [])
            continue
        if not name.args or definition.index != variable or definition.body != first.expression:
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


__all__ = ["CasesBeforeTheLastOrder", "MAX_ORDER", "ProvenName", "derive_mixed", "derive_orders", "proven_for_name",
           "with_proven_names"]
