"""Named derivations: each builds its expression, variable, definitions and closed form."""

from __future__ import annotations

from sympy import Eq, Ne

from .engine import Route, derive
from .notation import TEXTBOOK, Notation, softmax_in
from .records import Derivation
from .routes import ROUTES
from .verify import verify


def softmax(route: str | Route = "quotient", notation: Notation = TEXTBOOK, *, check: bool = True) -> Derivation:
    """The derivative of softmax output S_j with respect to input z_k, step by step, verified.

    The closed form it is checked against is S_j (1 - S_k) for j = k and -S_j S_k for j != k.
    """
    chosen = ROUTES[route] if isinstance(route, str) else route
    sm = softmax_in(notation)
    j, k = sm.indices
    S_j, _ = sm.definition.instance(j)
    S_k, _ = sm.definition.instance(k)
    closed_form = ((Eq(j, k), S_j * (1 - S_k)), (Ne(j, k), -S_j * S_k))
    title = "The derivative of softmax"
    derivation = derive(sm.expression, sm.variable, chosen, definitions=[sm.definition], title=title,
                        legend=sm.legend, closed_form=closed_form, name=S_j)
    return verify(derivation) if check else derivation
