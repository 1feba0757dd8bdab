"""The backward pass: derivations that use a proven derivative (softmax's, a layer's), and their routes
(a layer's backward pass itself is built in `derive.functions.layer_backward`).

Their routes are built here, per derivation, because their first rule is made from the proven
derivation itself (`use_proven`) and, for the cross-entropy, their last from an assumption
(`use_assumption`). Each route is an ordered list, stated once below; the engine applies it as it
applies every route.

`verify_assuming` checks a derivation whose steps use assumptions: the checker's points are drawn
through each assumption's witness, so that every point honours the assumption.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from derive.rules.algebra.cancel_factor import cancel_factor_rule
from derive.rules.algebra.common_denominator import common_denominator_rule
from derive.rules.algebra.factor_common import factor_out_common_rule
from derive.rules.algebra.lowest_power import lowest_power_rule
from derive.rules.calculus.constant_factor_rule import constant_factor_rule
from derive.rules.calculus.sum_of_derivatives import sum_of_derivatives
from derive.rules.calculus.use_proven import use_proven
from derive.rules.cases.use_assumption import Assumption, use_assumption
from derive.rules.for_functions.cross_entropy.fold_reciprocal import fold_reciprocal_rule
from derive.rules.functions.log_rule import log_rule
from derive.rules.sums.constant_out_of_sum import constant_out_of_sum_rule
from derive.rules.sums.expand_over_delta import expand_over_delta_rule
from derive.rules.sums.expand_product import expand_product_rule
from derive.rules.sums.kronecker_collapse import collapse_kronecker_sum_rule
from derive.rules.sums.split_sum import split_sum_rule

from derive.engine.run import Route
from derive.show import show_text
from derive.engine.records import Check, Derivation, Verification
from derive.checker.checks import check_equal, verify


def vector_jacobian_route(proven: Derivation) -> Route:
    """d/dz_k sum_j g_j S_j with g held fixed: the chain rule, then the proven dS_j/dz_k, then algebra
    (the same route for a layer's y_j, with its proven dy_j/dx_k)."""
    return Route(
        name="vector-Jacobian product",
        rules=(
            use_proven(proven),           # dS_j/dz_k = S_j (delta_jk - S_k): first, before anything differentiates S again
            sum_of_derivatives,           # d sum_j = sum_j d
            constant_factor_rule,         # d(g_j S_j) = g_j dS_j: g is held fixed
            expand_over_delta_rule,       # g_j S_j (delta_jk - S_k) = g_j S_j delta_jk - g_j S_j S_k, inside the sum
            split_sum_rule,               # sum_j (a - b) = sum_j a - sum_j b
            collapse_kronecker_sum_rule,  # sum_j g_j S_j delta_jk = g_k S_k
            constant_out_of_sum_rule,     # sum_j g_j S_j S_k = S_k sum_j g_j S_j
            factor_out_common_rule,       # g_k S_k - S_k sum = S_k (g_k - sum)
            common_denominator_rule,      # g_k/sigma - sum/(N sigma) = (g_k - sum/N)/sigma: a layer's 1/sigma
            lowest_power_rule,            # g_k/r - x_k sum/(N r^3) = (g_k - x_k sum/(N r^2))/r
        ),
        description="the chain rule: sum_j g_j dy_j/dx_k with the proven dy_j/dx_k (softmax's, a layer's)",
    )


def cross_entropy_route(proven: Derivation, assumptions: Sequence[Assumption]) -> Route:
    """d/dz_k of -sum_j y_j log S_j: logarithm rule, the proven dS_j/dz_k, algebra, the assumptions."""
    return Route(
        name="cross-entropy",
        rules=(
            use_proven(proven),           # dS_j/dz_k = S_j (delta_jk - S_k)
            sum_of_derivatives,
            constant_factor_rule,         # the minus sign, then y_j
            log_rule,                     # d log S_j = dS_j / S_j
            fold_reciprocal_rule,         # e^{-z_j} sum_l e^{z_l} = 1/S_j
            cancel_factor_rule,           # (S_j (delta_jk - S_k)) / S_j = delta_jk - S_k
            expand_product_rule,          # y_j (delta_jk - S_k) = y_j delta_jk - y_j S_k, inside the sum
            split_sum_rule,
            collapse_kronecker_sum_rule,  # sum_j y_j delta_jk = y_k
            constant_out_of_sum_rule,     # sum_j y_j S_k = S_k sum_j y_j
            *[use_assumption(assumption) for assumption in assumptions],  # sum_j y_j = 1
        ),
        description="the gradient of the cross-entropy of softmax, with the proven softmax derivative",
    )


def check_assumption(assumption: Assumption, definitions: Sequence = ()) -> Check:
    """The witness makes the assumption hold: both sides agree at random points drawn through it."""
    statement = assumption.statement
    return check_equal(f"assumption {show_text(statement)} holds at the points drawn",
                       statement.lhs, statement.rhs, None, (*definitions, assumption.witness))


def verify_assuming(derivation: Derivation, assumptions: Sequence[Assumption]) -> Derivation:
    """`verify`, with every point drawn through the assumptions' witnesses (so that every point
    honours them), plus one check per assumption that its witness does make it hold.

    The derivation returned is ``derivation`` itself with the verification attached: the witnesses
    are the checker's, never part of the derivation.
    """
    missing = [assumption.statement for assumption in assumptions if assumption.witness is None]
    if missing:
        raise ValueError(f"no witness for the assumption {missing[0]}: the checker cannot draw points honouring it")
    witnesses = tuple(assumption.witness for assumption in assumptions)
    checked = verify(replace(derivation, definitions=derivation.definitions + witnesses)).verification
    honoured = tuple(check_assumption(assumption, derivation.definitions) for assumption in assumptions)
    return replace(derivation, verification=Verification(checked.steps, checked.result + honoured, checked.seed))

