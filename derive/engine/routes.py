"""The routes: each an ordered list of rules, stated here and nowhere else.

Order carries meaning and is visible: the engine tries the rules in this order at every step.
Calculus rules come first, so every derivative is worked out before any algebra starts; the
case split follows the calculus; the algebra that folds the result into the definition last.
"""

from derive.rules import (
    log_derivative_rule, log_of_exp_rule, log_of_quotient_rule, log_rule, power_rule,
    cancel_factor_rule, cancel_quotient_rule, case_split, collapse_kronecker_sum_rule, constant_factor_rule,
    constant_rule, exponential_rule, factor_out_common_rule, fold_definition_rule, fold_power_rule, complement_rule,
    indexed_variable_rule, kronecker_in_case_rule, merge_cases_rule, product_rule, quotient_rule, split_difference_rule,
    split_fraction_rule, sum_of_derivatives, sum_rule, variable_rule,
)

from derive.rules import (cancel_power_rule, multiply_out_rule, power_back_rule, pythagorean_rule, tangent_identity_rule, absolute_value_rule, error_function_rule, extremum_rule, general_exponential_rule,
                   heaviside_rule, piece_in_case_rule, piecewise_rule, power_as_exponential_rule, sign_rule)
from derive.rules.functions.hyperbolic import HYPERBOLIC_RULES
from derive.rules.functions.inverse_hyperbolic import INVERSE_HYPERBOLIC_RULES
from derive.rules.functions.inverse_trigonometric import INVERSE_TRIGONOMETRIC_RULES
from derive.rules.functions.trigonometric import TRIGONOMETRIC_RULES

from .run import Route

ELEMENTARY = (                # each matches only its own function, so their order among themselves is free
    general_exponential_rule,     # d a^g = a^g log a dg
    power_as_exponential_rule,    # f^g with both varying: e^(g log f), handed to the exponential rule
    *TRIGONOMETRIC_RULES, *INVERSE_TRIGONOMETRIC_RULES, *HYPERBOLIC_RULES, *INVERSE_HYPERBOLIC_RULES,
    error_function_rule, absolute_value_rule, sign_rule, heaviside_rule,
    extremum_rule,                # max, min: a case per region where one argument is the largest (smallest)
    piecewise_rule,               # a case per region where one piece is in force
    piece_in_case_rule,           # under x > 0, max(0, x) is x
)

CALCULUS = (
    constant_rule,            # d c/dx = 0: first, so nothing constant is differentiated further
    variable_rule,            # dx/dx = 1
    indexed_variable_rule,    # d z_l/d z_k = delta_lk
    sum_rule,                 # d(f + g) = df + dg
    sum_of_derivatives,       # d sum_l f_l = sum_l d f_l
    quotient_rule,            # before the product rule: a fraction is a quotient on this route
    constant_factor_rule,     # d(c f) = c df
    product_rule,             # d(f g) = df g + f dg
    power_rule,               # d f^n = n f^(n-1) df
    log_rule,                 # d log f = df / f
    *ELEMENTARY,              # sin, cos, ..., erf, |g|, a^g, f^g
    exponential_rule,         # d e^g = e^g dg
    collapse_kronecker_sum_rule,  # sum_l delta_lk f_l = f_k
)

ALGEBRA = (
    kronecker_in_case_rule,   # delta_jk = 1 under j = k, 0 under j != k, once a case is in force
    case_split,               # delta_jk: j = k or j != k, once the calculus is done
    cancel_factor_rule,       # (v a)/v = a, v a a product in brackets: before anything is factored out
    factor_out_common_rule,   # a b - a c = a (b - c)
    split_fraction_rule,      # a b / v^2 = (a/v)(b/v)
    split_difference_rule,    # (a - b)/v = a/v - b/v
    cancel_quotient_rule,     # v/v = 1
    fold_definition_rule,     # e^{z_m} / sum = S_m
    fold_power_rule,          # 1/(1 + e^{-x})^2 = sigma^2, when sigma is defined as 1/(1 + e^{-x})
    complement_rule,          # e^{-x} sigma = 1 - sigma
    cancel_power_rule,        # (b^2 A + b^3 B) / b^6 = (A + b B) / b^4
    pythagorean_rule,         # -sin^2 x - cos^2 x = -1
    tangent_identity_rule,    # sin x / cos x = tan x
    power_back_rule,          # e^(x log x) = x^x, once the calculus is done
    multiply_out_rule,        # -y (1 - s) + (1 - y) s = s - y: only when terms cancel
)

QUOTIENT = Route(
    name="quotient",
    rules=CALCULUS + ALGEBRA,
    merge=merge_cases_rule,
    description="the textbook's route: quotient rule, sum of derivatives, exponential rule, "
                "case split, then the algebra that folds the result back into S",
)

PRODUCT = Route(
    name="product",
    rules=(
        constant_rule, variable_rule, indexed_variable_rule, sum_rule, sum_of_derivatives,
        constant_factor_rule,
        product_rule,             # e^{z_j} times (sum)^-1: one factor at a time
        power_rule,               # d (sum)^-1 = -(sum)^-2 d sum: the reciprocal
        log_rule, *ELEMENTARY,
        exponential_rule, collapse_kronecker_sum_rule,
        kronecker_in_case_rule,
        split_fraction_rule,      # e^{z_j} e^{z_k} / (sum)^2 = (e^{z_j}/sum)(e^{z_k}/sum)
        fold_definition_rule,     # into S, before any case split: delta_jk S_j - S_j S_k
        factor_out_common_rule,   # S_j (delta_jk - S_k): the single expression first
        case_split,               # then the cases, as the Q&A answer does
    ),
    merge=merge_cases_rule,
    description="the Q&A answer's route: e^{z_j} times the reciprocal of the sum, product rule, "
                "power and chain rule on the reciprocal, Kronecker delta",
)

LOG = Route(
    name="log",
    rules=(
        log_derivative_rule,      # dS = S d(log S): first, on the whole softmax only
        log_of_quotient_rule,     # log(e^{z_j}/sum) = log e^{z_j} - log sum
        log_of_exp_rule,          # log e^{z_j} = z_j
        constant_rule, variable_rule, indexed_variable_rule, sum_rule, sum_of_derivatives,
        constant_factor_rule,
        log_rule,                 # d log(sum) = d sum / sum
        power_rule, *ELEMENTARY,
        exponential_rule, collapse_kronecker_sum_rule,
        kronecker_in_case_rule,
        fold_definition_rule,     # S_j (delta_jk - S_k)
        case_split,
    ),
    merge=merge_cases_rule,
    description="the log-derivative: d log S_j / d z_k = delta_jk - S_k, so dS_j/dz_k = S_j (delta_jk - S_k)",
)

ROUTES = {route.name: route for route in (QUOTIENT, PRODUCT, LOG)}


def route_named(route: "str | Route") -> Route:
    """The route of that name (or the Route itself); an unknown name is a ValueError naming the known ones."""
    if isinstance(route, Route):
        return route
    if type(route) is str and route in ROUTES:
        return ROUTES[route]
    named = repr(route)[:80] if type(route) is str else f"of type {type(route).__name__}"
    raise ValueError(f"unknown route {named} (known: {', '.join(ROUTES)})")
