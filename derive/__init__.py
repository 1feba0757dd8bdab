"""derive: symbolic derivations, step by step, every step checked.

    >>> import derive
    >>> d = derive.softmax()
    >>> d.verified
    True
    >>> d.unified
    (KroneckerDelta(j, k) - S[i, k])*S[i, j]
"""

from __future__ import annotations

from typing import Sequence

from sympy import Expr

from rules import Definition, Rule

from .catalog import softmax
from .engine import DerivationError, NoRuleApplies, NotReal, Route, TooSlow, derive as run_route
from .records import Case, Check, Derivation, Step, Verification
from .routes import ROUTES
from .verify import verify


def differentiate(expr: Expr, wrt: Expr, *, route: str | Route = "quotient",
                  definitions: Sequence[Definition] = (), check: bool = True) -> Derivation:
    """Derive d expr / d wrt step by step with the rules of ``route``, and verify every step.

    Raises `NoRuleApplies` naming the sub-expression no rule covers, and `NotReal` when the
    function compares values that are not real numbers (a region cannot be made of them), and
    `TooSlow` when the derivation runs past its time bound.
    """
    chosen = ROUTES[route] if isinstance(route, str) else route
    derivation = run_route(expr, wrt, chosen, definitions=definitions, title="The derivative")
    return verify(derivation) if check else derivation


__all__ = [
    "Case", "Check", "Definition", "Derivation", "DerivationError", "NoRuleApplies", "NotReal", "ROUTES", "Route", "TooSlow",
    "Rule", "Step", "Verification", "differentiate", "softmax", "verify",
]
