"""quotient rule: d/dx (u/v) = (du/dx v - u dv/dx) / v^2"""

from sympy import Derivative, Integer, Mul, Pow

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import d, derivative_parts, numerator_denominator


def differentiate_quotient(node, context):
    parts = derivative_parts(node, Mul)
    if parts is None:
        return None
    f, x = parts
    u, v = numerator_denominator(f)
    if v == 1:
        return None
    after = Mul(d(u, x) * v - u * d(v, x), Pow(v, Integer(-2)))
    return Rewrite(after, {"u": u, "v": v, "x": x})


quotient_rule = Rule(
    name="quotient rule",
    law=r"\frac{d}{dx}\frac{u}{v} = \frac{\frac{du}{dx} v - u \frac{dv}{dx}}{v^{2}}",
    template=("the quotient rule with numerator {u} and denominator {v}: the derivative of the "
              "numerator times the denominator, minus the numerator times the derivative of the "
              "denominator, all over the denominator squared"),
    rewrite=differentiate_quotient,
    on=(Derivative,),
    explanation=("Why the denominator is squared: {u}/{v} is {u} times 1/{v}. By the product "
                 "rule its derivative is the derivative of {u} divided by {v}, minus {u} times the "
                 "derivative of {v} divided by {v} squared (the derivative of 1/{v}); over the "
                 "common denominator, {v} squared, that is the quotient rule."),
)
