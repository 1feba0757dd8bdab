"""Small, pure, named rewrite rules for differentiation and the algebra that follows it.

Each rule lives in a module of its own and is a `Rule`: a name, the law it states, a
justification template and a rewrite function returning a `Rewrite` or `None`.
Rules know nothing of printing, of the command line, or of the order they are tried in.
"""

from .base import Branch, Context, Definition, Rewrite, Rule
from .algebra.cancel_quotient import cancel_quotient_rule
from .cases.case_split import case_split
from .calculus.constant_factor_rule import constant_factor_rule
from .calculus.constant_rule import constant_rule
from .functions.exponential_rule import exponential_rule
from .algebra.factor_common import factor_out_common_rule
from .definitions.fold_definition import fold_definition_rule
from .calculus.indexed_variable_rule import indexed_variable_rule
from .sums.kronecker_collapse import collapse_kronecker_sum_rule
from .cases.kronecker_in_case import kronecker_in_case_rule
from .for_functions.softmax.log_derivative import log_derivative_rule
from .algebra.log_of_exp import log_of_exp_rule
from .algebra.log_of_quotient import log_of_quotient_rule
from .functions.log_rule import log_rule
from .cases.merge_cases import merge_cases_rule
from .calculus.power_rule import power_rule
from .calculus.product_rule import product_rule
from .calculus.quotient_rule import quotient_rule
from .algebra.split_difference import split_difference_rule
from .algebra.split_fraction import split_fraction_rule
from .calculus.sum_of_derivatives import sum_of_derivatives
from .calculus.sum_rule import sum_rule
from .calculus.variable_rule import variable_rule
from .algebra.cancel_factor import cancel_factor_rule
from .sums.constant_out_of_sum import constant_out_of_sum_rule
from .sums.expand_product import expand_product_rule
from .for_functions.cross_entropy.fold_reciprocal import fold_reciprocal_rule
from .sums.split_sum import split_sum_rule
from .cases.use_assumption import Assumption, use_assumption
from .calculus.use_proven import use_proven
from .calculus.outer_function import outer_function_rule
from .functions.trigonometric import (cosecant_rule, cosine_rule, cotangent_rule, secant_rule, sine_rule,
                            tangent_rule)
from .functions.inverse_trigonometric import arccosine_rule, arccotangent_rule, arcsine_rule, arctangent_rule
from .functions.hyperbolic import (hyperbolic_cosecant_rule, hyperbolic_cosine_rule, hyperbolic_cotangent_rule,
                         hyperbolic_secant_rule, hyperbolic_sine_rule, hyperbolic_tangent_rule)
from .functions.inverse_hyperbolic import (inverse_hyperbolic_cosine_rule, inverse_hyperbolic_cotangent_rule,
                                 inverse_hyperbolic_sine_rule, inverse_hyperbolic_tangent_rule)
from .functions.error_function import error_function_rule
from .functions.general_exponential import general_exponential_rule
from .functions.power_as_exponential import power_as_exponential_rule
from .functions.absolute_value import absolute_value_rule
from .functions.sign_rule import sign_rule
from .functions.heaviside_rule import heaviside_rule
from .functions.extremum_rule import extremum_rule
from .cases.piecewise_rule import piecewise_rule
from .cases.piece_in_case import piece_in_case_rule
from .for_functions.sigmoid.fold_power import fold_power_rule
from .for_functions.sigmoid.complement import complement_rule
from .algebra.cancel_power import cancel_power_rule
from .algebra.pythagorean import pythagorean_rule
from .algebra.power_back import power_back_rule
from .algebra.multiply_out import multiply_out_rule
from .algebra.tangent_identity import tangent_identity_rule

ALL_RULES = (
    constant_rule, variable_rule, indexed_variable_rule, sum_rule, sum_of_derivatives,
    quotient_rule, product_rule, constant_factor_rule, exponential_rule,
    collapse_kronecker_sum_rule, kronecker_in_case_rule, case_split, factor_out_common_rule, split_fraction_rule,
    split_difference_rule, cancel_quotient_rule, fold_definition_rule, merge_cases_rule,
    power_rule, log_rule, log_of_quotient_rule, log_of_exp_rule, log_derivative_rule,
    expand_product_rule, split_sum_rule, constant_out_of_sum_rule, fold_reciprocal_rule, cancel_factor_rule,
    sine_rule, cosine_rule, tangent_rule, cotangent_rule, secant_rule, cosecant_rule,
    arcsine_rule, arccosine_rule, arctangent_rule, arccotangent_rule,
    hyperbolic_sine_rule, hyperbolic_cosine_rule, hyperbolic_tangent_rule, hyperbolic_cotangent_rule,
    hyperbolic_secant_rule, hyperbolic_cosecant_rule,
    inverse_hyperbolic_sine_rule, inverse_hyperbolic_cosine_rule, inverse_hyperbolic_tangent_rule,
    inverse_hyperbolic_cotangent_rule,
    error_function_rule, general_exponential_rule, power_as_exponential_rule,
    absolute_value_rule, sign_rule, heaviside_rule, extremum_rule, piecewise_rule, piece_in_case_rule,
    fold_power_rule, complement_rule, cancel_power_rule, pythagorean_rule, power_back_rule,
    multiply_out_rule, tangent_identity_rule,
)  # the rules made by use_proven(derivation) and use_assumption(assumption) are built per derivation

__all__ = ["ALL_RULES", "Assumption", "Branch", "Context", "Definition", "Rewrite", "Rule", "use_assumption", "outer_function_rule",
           "use_proven"] + [
    name for name in dir() if name.endswith(("_rule", "_derivatives")) or name == "case_split"
]
