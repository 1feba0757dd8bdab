"""absolute value rule with the chain rule: d/dx |g| = sign(g) dg/dx, where g ≠ 0

For real g the absolute value is g where g > 0 and -g where g < 0, so its slope is the sign
of g. At g = 0 it has a corner and no derivative, which the sentence states. SymPy's own
derivative of Abs agrees for a real argument (``sign(x)`` for a real symbol ``x``); for a
symbol without assumptions SymPy writes it with re and im, equal to this one at real points.
"""

from sympy import Abs, sign

from derive.rules.calculus.outer_function import outer_function_rule

absolute_value_rule = outer_function_rule(
    Abs, "absolute value rule", r"\frac{d}{dx} |g| = \operatorname{sign}(g) \frac{dg}{dx}",
    lambda g: sign(g), what="the absolute value",
    domain="valid for real {g} where {g} ≠ 0 (at {g} = 0 the absolute value has a corner and no derivative)",
    explanation=("The absolute value of {g} is {g} where {g} is positive and -{g} where it is negative: "
                 "its slope is 1 or -1, the sign of {g}, times the derivative of {g}."))
