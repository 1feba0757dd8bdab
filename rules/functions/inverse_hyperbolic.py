"""The inverse hyperbolic rules with the chain rule: d/dx F(g) = F'(g) dg/dx

    asinh g -> g' / sqrt(g^2 + 1)
    acosh g -> g' / (sqrt(g - 1) sqrt(g + 1))   where g > 1
    atanh g -> g' / (1 - g^2)                    where |g| < 1
    acoth g -> g' / (1 - g^2)                    where |g| > 1

Each outer derivative is written as SymPy's own derivative writes it. For acosh that matters
beyond looks: sqrt(g - 1) sqrt(g + 1) equals sqrt(g^2 - 1) for g > 1 but is its negative for
g < -1, where SymPy's acosh is complex; written SymPy's way, the two sides agree there too.
"""

from sympy import acosh, acoth, acsch, asech, asinh, atanh, sqrt

from derive.rules.calculus.outer_function import outer_function_rule

inverse_hyperbolic_sine_rule = outer_function_rule(
    asinh, "inverse hyperbolic sine rule",
    r"\frac{d}{dx} \operatorname{arsinh} g = \frac{1}{\sqrt{g^{2} + 1}} \frac{dg}{dx}",
    lambda g: 1 / sqrt(g**2 + 1), what="the inverse hyperbolic sine", domain="for real {g}")

inverse_hyperbolic_cosine_rule = outer_function_rule(
    acosh, "inverse hyperbolic cosine rule",
    r"\frac{d}{dx} \operatorname{arcosh} g = \frac{1}{\sqrt{g - 1} \sqrt{g + 1}} \frac{dg}{dx}",
    lambda g: 1 / (sqrt(g - 1) * sqrt(g + 1)), what="the inverse hyperbolic cosine",
    domain="valid where {g} is greater than 1",
    explanation="For {g} greater than 1, sqrt({g} - 1) sqrt({g} + 1) is sqrt({g}^2 - 1).")

inverse_hyperbolic_tangent_rule = outer_function_rule(
    atanh, "inverse hyperbolic tangent rule",
    r"\frac{d}{dx} \operatorname{artanh} g = \frac{1}{1 - g^{2}} \frac{dg}{dx}",
    lambda g: 1 / (1 - g**2), what="the inverse hyperbolic tangent",
    domain="valid where {g} lies strictly between -1 and 1")

inverse_hyperbolic_cotangent_rule = outer_function_rule(
    acoth, "inverse hyperbolic cotangent rule",
    r"\frac{d}{dx} \operatorname{arcoth} g = \frac{1}{1 - g^{2}} \frac{dg}{dx}",
    lambda g: 1 / (1 - g**2), what="the inverse hyperbolic cotangent",
    domain="valid where {g} lies outside [-1, 1]")

inverse_hyperbolic_secant_rule = outer_function_rule(
    asech, "inverse hyperbolic secant rule",
    r"\frac{d}{dx} \operatorname{arsech} g = -\frac{1}{g \sqrt{1 - g^{2}}} \frac{dg}{dx}",
    lambda g: -1 / (g * sqrt(1 - g**2)), what="the inverse hyperbolic secant",
    domain="valid where {g} lies strictly between 0 and 1",
    explanation="The inverse hyperbolic secant is acosh(1/{g}), real for 0 < {g} <= 1.")

inverse_hyperbolic_cosecant_rule = outer_function_rule(
    acsch, "inverse hyperbolic cosecant rule",
    r"\frac{d}{dx} \operatorname{arcsch} g = -\frac{1}{g^{2} \sqrt{1 + g^{-2}}} \frac{dg}{dx}",
    lambda g: -1 / (g**2 * sqrt(1 + 1 / g**2)), what="the inverse hyperbolic cosecant",
    domain="valid for real {g} ≠ 0",
    explanation="The inverse hyperbolic cosecant is asinh(1/{g}): the chain rule through 1/{g}.")

INVERSE_HYPERBOLIC_RULES = (inverse_hyperbolic_sine_rule, inverse_hyperbolic_cosine_rule,
                            inverse_hyperbolic_tangent_rule, inverse_hyperbolic_cotangent_rule,
                            inverse_hyperbolic_secant_rule, inverse_hyperbolic_cosecant_rule)
