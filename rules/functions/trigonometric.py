"""The six trigonometric rules with the chain rule: d/dx F(g) = F'(g) dg/dx

    sin g -> cos g g'                 cos g -> -sin g g'
    tan g -> (1 + tan^2 g) g'         cot g -> -(1 + cot^2 g) g'
    sec g -> sec g tan g g'           csc g -> -csc g cot g g'

Each outer derivative is written as SymPy's own derivative writes it (``tan(g)**2 + 1``, not
``sec(g)**2``), so results compare easily with ``sympy.diff``. The laws hold wherever the
function is defined (tan and sec where cos g ≠ 0, cot and csc where sin g ≠ 0), which is
where the expression itself has a value, so no sentence states a domain.
"""

from sympy import cos, cot, csc, sec, sin, tan

from derive.rules.calculus.outer_function import outer_function_rule

sine_rule = outer_function_rule(
    sin, "sine rule", r"\frac{d}{dx} \sin g = \cos g \, \frac{dg}{dx}",
    lambda g: cos(g), what="the sine")

cosine_rule = outer_function_rule(
    cos, "cosine rule", r"\frac{d}{dx} \cos g = -\sin g \, \frac{dg}{dx}",
    lambda g: -sin(g), what="the cosine")

tangent_rule = outer_function_rule(
    tan, "tangent rule", r"\frac{d}{dx} \tan g = \left(1 + \tan^{2} g\right) \frac{dg}{dx}",
    lambda g: 1 + tan(g)**2, what="the tangent",
    explanation="1 + tan^2 {g} is sec^2 {g}, one over the square of the cosine of {g}.")

cotangent_rule = outer_function_rule(
    cot, "cotangent rule", r"\frac{d}{dx} \cot g = -\left(1 + \cot^{2} g\right) \frac{dg}{dx}",
    lambda g: -(1 + cot(g)**2), what="the cotangent",
    explanation="-(1 + cot^2 {g}) is -csc^2 {g}, minus one over the square of the sine of {g}.")

secant_rule = outer_function_rule(
    sec, "secant rule", r"\frac{d}{dx} \sec g = \sec g \tan g \, \frac{dg}{dx}",
    lambda g: sec(g) * tan(g), what="the secant")

cosecant_rule = outer_function_rule(
    csc, "cosecant rule", r"\frac{d}{dx} \csc g = -\csc g \cot g \, \frac{dg}{dx}",
    lambda g: -csc(g) * cot(g), what="the cosecant")

TRIGONOMETRIC_RULES = (sine_rule, cosine_rule, tangent_rule, cotangent_rule, secant_rule, cosecant_rule)
