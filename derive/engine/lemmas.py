"""Lemmas: the derivative of each named part, derived once and reused.

A function written with named parts (xhat_j = (x_j - mu)/sigma, sigma = sqrt(var + eps), mu the
mean) needs the derivatives of the parts it is made of. Each part that depends on the variable
gets its derivative derived as a derivation of its own, innermost first (mu, then sigma, which
holds mu, then xhat): each along the route with the rules of the lemmas before it tried first
and their parts kept named, verified by the checker (``confirm``, handed in: the engine knows no
checker), and made a rule by `use_proven`. The main derivation then keeps every proven part
named and uses those rules, so d mu/dx_k is derived once, wherever mu occurs.

Nothing here knows a layer: which parts get a lemma, and in which order, follows from the
definitions alone. A lemma that is not proven makes no rule; it is still attached to the
derivation, whose verification then fails (see `derive.checker.checks.verify`).
"""

from __future__ import annotations

from typing import Callable, Sequence

from sympy import Expr, Indexed

from derive.rules import Definition
from derive.show import show_text

from .records import Derivation
from .run import Route, derive


def _is_name(definition: Definition) -> bool:
    """A plain or indexed name (mu, xhat_j); a function applied to its argument (sigma(x)) has
    a rule of its own and no lemma."""
    return isinstance(definition.name, Indexed) or not definition.name.args


def _holds(expr: Expr, definition: Definition) -> bool:
    return bool(expr.find(definition.is_instance))


def _written_out(expr: Expr, definitions: Sequence[Definition]) -> Expr:
    for _ in definitions:
        before = expr
        for definition in definitions:
            expr = definition.unfold(expr)
        if expr == before:
            break
    return expr


def lemma_order(expression: Expr, variable: Expr, definitions: Sequence[Definition]) -> list[Definition]:
    """The named parts that get a lemma, innermost first: those met in ``expression`` or in the
    body of a part met, whose body, written out, depends on ``variable``. The part that the
    expression is (y_j, itself the function) is derived by the main derivation, not as a lemma."""
    from derive.rules.forms import depends_on

    names = [definition for definition in definitions if _is_name(definition)]
    met, todo = [], [expression]
    while todo:
        expr = todo.pop()
        for definition in names:
            if definition not in met and _holds(expr, definition):
                met.append(definition)
                todo.append(definition.body)
    met = [definition for definition in met if not definition.is_instance(expression)
           and depends_on(_written_out(definition.body, definitions), variable)]
    ordered: list[Definition] = []
    while len(ordered) < len(met):
        ready = [definition for definition in met if definition not in ordered
                 and not any(_holds(definition.body, other) for other in met
                             if other not in ordered and other is not definition)]
        if not ready:  # parts defined through each other: no innermost one, no lemmas
            return []
        ordered.extend(ready[:1])
    return ordered


def derive_with_lemmas(expression: Expr, variable: Expr, route: Route, *, definitions: Sequence[Definition],
                       confirm: Callable[[Derivation], Derivation] | None, title: str = "", legend=(),
                       closed_form=()) -> Derivation:
    """d expression / d variable with a lemma for each named part (see the module), its steps
    using them. Without ``confirm`` (no checker), or with no part to prove, the derivation
    unfolds the parts as it goes (`derive`, unchanged)."""
    from derive.rules.calculus.use_proven import use_proven
    from .orders import proven_for_name

    parts = lemma_order(expression, variable, definitions) if confirm is not None else []
    lemmas, rules, kept = [], [], []
    for definition in parts:
        lemma_route = Route(route.name, tuple(rules) + route.rules, route.merge, route.description)
        lemma = confirm(derive(definition.body, variable, lemma_route, definitions=definitions,
                               name=definition.name, kept=kept,
                               title=f"d {show_text(definition.name)}/d{show_text(variable)}"))
        lemmas.append(lemma)
        if not lemma.verified:
            break  # no rule is made of it: the parts after it are unfolded, and the derivation is not proven
        rules.append(use_proven(proven_for_name(lemma), hold_products=False))
        kept.append(definition.name)
    main_route = Route(route.name, tuple(rules) + route.rules, route.merge, route.description)
    return derive(expression, variable, main_route, definitions=definitions, title=title, legend=legend,
                  closed_form=closed_form, kept=kept, lemmas=lemmas)


__all__ = ["derive_with_lemmas", "lemma_order"]
