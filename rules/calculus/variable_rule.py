"""variable rule: dx/dx = 1"""

from sympy import Derivative, S

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import derivative_parts


def differentiate_variable(node, context):
    parts = derivative_parts(node)
    if parts is None or parts[0] != parts[1]:
        return None
    return Rewrite(S.One, {"x": parts[1]})


variable_rule = Rule(
    name="variable rule",
    law=r"\frac{dx}{dx} = 1",
    template="the derivative of {x} with respect to itself is 1",
    rewrite=differentiate_variable,
    on=(Derivative,),
    detail="full",  # dx/dx = 1 is told on its own only in full detail
)
