"""The routes: each an ordered list of rules, stated here and nowhere else.

Order carries meaning and is visible: the engine tries the rules in this order at every step.
Calculus rules come first, so every derivative is worked out before any algebra starts; the
case split follows the calculus; the algebra that folds the result into the definition last.

A rule is named by the section of rules/ it lives in (``calculus.product_rule`` is the rule
bound to ``product_rule`` in a module of rules/calculus/), found there by `rules_in`: a new rule
is its file, its test, and its line in a route below.
"""

from derive.rules import rules_in
from derive.rules.functions.hyperbolic import HYPERBOLIC_RULES
from derive.rules.functions.inverse_hyperbolic import INVERSE_HYPERBOLIC_RULES
from derive.rules.functions.inverse_trigonometric import INVERSE_TRIGONOMETRIC_RULES
from derive.rules.functions.special import SPECIAL_RULES
from derive.rules.functions.trigonometric import TRIGONOMETRIC_RULES

from .run import Route

calculus, functions, sums, cases, algebra, definitions = (
    rules_in(section) for section in ("calculus", "functions", "sums", "cases", "algebra", "definitions"))
softmax, sigmoid = rules_in("for_functions.softmax"), rules_in("for_functions.sigmoid")

ELEMENTARY = (                            # each matches only its own function, so their order among themselves is free
    functions.general_exponential_rule,   # d a^g = a^g log a dg
    functions.power_as_exponential_rule,  # f^g with both varying: e^(g log f), handed to the exponential rule
    *TRIGONOMETRIC_RULES, *INVERSE_TRIGONOMETRIC_RULES, *HYPERBOLIC_RULES, *INVERSE_HYPERBOLIC_RULES,
    functions.error_function_rule, functions.absolute_value_rule, functions.sign_rule, functions.heaviside_rule,
    *SPECIAL_RULES, functions.polygamma_rule,  # gamma, log gamma, the integrals, W, sinc; psi^(n) -> psi^(n+1)
    functions.extremum_rule,              # max, min: a case per region where one argument is the largest (smallest)
    cases.piecewise_rule,                 # a case per region where one piece is in force
    cases.piece_in_case_rule,             # under x > 0, max(0, x) is x
)

CALCULUS = (
    definitions.unfold_definition_rule,   # d F(mu) = d F(body of mu): before the constant rule, to which mu looks constant
    calculus.constant_rule,               # d c/dx = 0: first, so nothing constant is differentiated further
    calculus.variable_rule,               # dx/dx = 1
    calculus.indexed_variable_rule,       # d z_l/d z_k = delta_lk
    calculus.sum_rule,                    # d(f + g) = df + dg
    calculus.sum_of_derivatives,          # d sum_l f_l = sum_l d f_l
    calculus.quotient_rule,               # before the product rule: a fraction is a quotient on this route
    calculus.constant_factor_rule,        # d(c f) = c df
    calculus.product_rule,                # d(f g) = df g + f dg
    calculus.power_rule,                  # d f^n = n f^(n-1) df
    functions.log_rule,                   # d log f = df / f
    *ELEMENTARY,                          # sin, cos, ..., erf, |g|, a^g, f^g
    functions.exponential_rule,           # d e^g = e^g dg
    sums.collapse_kronecker_sum_rule,     # sum_l delta_lk f_l = f_k
)

ALGEBRA = (
    cases.kronecker_in_case_rule,         # delta_jk = 1 under j = k, 0 under j != k, once a case is in force
    cases.case_split,                     # delta_jk: j = k or j != k, once the calculus is done
    algebra.cancel_factor_rule,           # (v a)/v = a, v a a product in brackets: before anything is factored out
    algebra.factor_out_common_rule,       # a b - a c = a (b - c)
    algebra.split_fraction_rule,          # a b / v^2 = (a/v)(b/v)
    algebra.split_difference_rule,        # (a - b)/v = a/v - b/v
    algebra.cancel_quotient_rule,         # v/v = 1
    definitions.fold_definition_rule,     # e^{z_m} / sum = S_m
    definitions.fold_named_power_rule,    # s^(3/2) = r^3 when r = sqrt(s)
    definitions.fold_into_sum_rule,       # sum_n e^{s_n} K_ne / sum_p e^{s_p} = sum_n a_n K_ne
    sigmoid.fold_power_rule,              # 1/(1 + e^{-x})^2 = sigma^2, when sigma is defined as 1/(1 + e^{-x})
    sigmoid.complement_rule,              # e^{-x} sigma = 1 - sigma
    algebra.cancel_power_rule,            # (b^2 A + b^3 B) / b^6 = (A + b B) / b^4
    algebra.pythagorean_rule,             # -sin^2 x - cos^2 x = -1
    algebra.tangent_identity_rule,        # sin x / cos x = tan x
    algebra.power_back_rule,              # e^(x log x) = x^x, once the calculus is done
    algebra.multiply_out_rule,            # -y (1 - s) + (1 - y) s = s - y: only when terms cancel
    algebra.divide_each_term_rule,        # (n - x_k y_j)/n^2 = 1/n - x_k y_j/n^2: last, once nothing else applies
    definitions.fold_part_of_power_rule,  # x_j x_k / n^3 = y_j x_k / n^2 when y_j = x_j / n: last, once nothing else folds
    algebra.common_denominator_rule,      # a/sqrt(d) - b/sqrt(d) = (a - b)/sqrt(d)
)

SUMS = (                                  # what the derivative of a sum over the inputs leaves, worked out
    sums.constant_out_of_sum_rule,        # sum_m c a_m = c sum_m a_m
    sums.expand_product_rule,             # sum_m (delta_km - 1/N)(x_m - mu): term by term
    sums.split_sum_rule,                  # sum_m (a_m + b_m) = sum_m a_m + sum_m b_m
    sums.sum_of_constant_rule,            # sum_m c = N c
    sums.same_sum_rule,                   # sum_m x_m - sum_l x_l = 0: one letter for one sum
)

QUOTIENT = Route(
    name="quotient",
    rules=CALCULUS + SUMS + ALGEBRA,
    merge=cases.merge_cases_rule,
    description="the textbook's route: quotient rule, sum of derivatives, exponential rule, the sums the "
                "derivative leaves worked out, case split, then the algebra that folds the result back into S",
)

PRODUCT = Route(
    name="product",
    rules=(
        definitions.unfold_definition_rule,
        calculus.constant_rule, calculus.variable_rule, calculus.indexed_variable_rule, calculus.sum_rule,
        calculus.sum_of_derivatives,
        calculus.constant_factor_rule,
        calculus.product_rule,            # e^{z_j} times (sum)^-1: one factor at a time
        calculus.power_rule,              # d (sum)^-1 = -(sum)^-2 d sum: the reciprocal
        functions.log_rule, *ELEMENTARY,
        functions.exponential_rule, sums.collapse_kronecker_sum_rule,
        cases.kronecker_in_case_rule,
        algebra.split_fraction_rule,      # e^{z_j} e^{z_k} / (sum)^2 = (e^{z_j}/sum)(e^{z_k}/sum)
        definitions.fold_definition_rule,  # into S, before any case split: delta_jk S_j - S_j S_k
        algebra.factor_out_common_rule,   # S_j (delta_jk - S_k): the single expression first
        cases.case_split,                 # then the cases, as the Q&A answer does
    ),
    merge=cases.merge_cases_rule,
    description="the Q&A answer's route: e^{z_j} times the reciprocal of the sum, product rule, "
                "power and chain rule on the reciprocal, Kronecker delta",
)

LOG = Route(
    name="log",
    rules=(
        softmax.log_derivative_rule,      # dS = S d(log S): first, on the whole softmax only
        algebra.log_of_quotient_rule,     # log(e^{z_j}/sum) = log e^{z_j} - log sum
        algebra.log_of_exp_rule,          # log e^{z_j} = z_j
        definitions.unfold_definition_rule,
        calculus.constant_rule, calculus.variable_rule, calculus.indexed_variable_rule, calculus.sum_rule,
        calculus.sum_of_derivatives,
        calculus.constant_factor_rule,
        functions.log_rule,               # d log(sum) = d sum / sum
        calculus.power_rule, *ELEMENTARY,
        functions.exponential_rule, sums.collapse_kronecker_sum_rule,
        cases.kronecker_in_case_rule,
        definitions.fold_definition_rule,  # S_j (delta_jk - S_k)
        cases.case_split,
    ),
    merge=cases.merge_cases_rule,
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
