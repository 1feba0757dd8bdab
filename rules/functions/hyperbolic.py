"""The six hyperbolic rules with the chain rule: d/dx F(g) = F'(g) dg/dx

    sinh g -> cosh g g'               cosh g -> sinh g g'
    tanh g -> (1 - tanh^2 g) g'       coth g -> -g' / sinh^2 g          where g ≠ 0
    sech g -> -tanh g sech g g'       csch g -> -coth g csch g g'       where g ≠ 0

Each outer derivative is written as SymPy's own derivative writes it, so results compare
easily with ``sympy.diff``.
"""

from sympy import cosh, coth, csch, sech, sinh, tanh

from derive.rules.calculus.outer_function import outer_function_rule

hyperbolic_sine_rule = outer_function_rule(
    sinh, "hyperbolic sine rule", r"\frac{d}{dx} \sinh g = \cosh g \, \frac{dg}{dx}",
    lambda g: cosh(g), what="the hyperbolic sine")

hyperbolic_cosine_rule = outer_function_rule(
    cosh, "hyperbolic cosine rule", r"\frac{d}{dx} \cosh g = \sinh g \, \frac{dg}{dx}",
    lambda g: sinh(g), what="the hyperbolic cosine")

hyperbolic_tangent_rule = outer_function_rule(
    tanh, "hyperbolic tangent rule",
    r"\frac{d}{dx} \tanh g = \left(1 - \tanh^{2} g\right) \frac{dg}{dx}",
    lambda g: 1 - tanh(g)**2, what="the hyperbolic tangent",
    explanation="1 - tanh^2 {g} is sech^2 {g}, one over the square of the hyperbolic cosine of {g}.")

hyperbolic_cotangent_rule = outer_function_rule(
    coth, "hyperbolic cotangent rule",
    r"\frac{d}{dx} \coth g = -\frac{1}{\sinh^{2} g} \frac{dg}{dx}",
    lambda g: -1 / sinh(g)**2, what="the hyperbolic cotangent", domain="valid where {g} ≠ 0")

hyperbolic_secant_rule = outer_function_rule(
    sech, "hyperbolic secant rule",
    r"\frac{d}{dx} \operatorname{sech} g = -\tanh g \operatorname{sech} g \, \frac{dg}{dx}",
    lambda g: -tanh(g) * sech(g), what="the hyperbolic secant")

hyperbolic_cosecant_rule = outer_function_rule(
    csch, "hyperbolic cosecant rule",
    r"\frac{d}{dx} \operatorname{csch} g = -\coth g \operatorname{csch} g \, \frac{dg}{dx}",
    lambda g: -coth(g) * csch(g), what="the hyperbolic cosecant", domain="valid where {g} ≠ 0")

HYPERBOLIC_RULES = (hyperbolic_sine_rule, hyperbolic_cosine_rule, hyperbolic_tangent_rule,
                    hyperbolic_cotangent_rule, hyperbolic_secant_rule, hyperbolic_cosecant_rule)
