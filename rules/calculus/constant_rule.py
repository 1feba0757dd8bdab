"""constant rule: d/dx c = 0 when c does not depend on x"""

from sympy import Derivative, S

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import derivative_parts, varies


def differentiate_constant(node, context):
    parts = derivative_parts(node)
    if parts is None or varies(parts[0], parts[1], context):
        return None
    c, x = parts
    return Rewrite(S.Zero, {"c": c, "x": x})


constant_rule = Rule(
    name="constant rule",
    law=r"\frac{d}{dx} c = 0",
    template="{c} does not depend on {x}: it is held constant, and the derivative of a constant is 0",
    rewrite=differentiate_constant,
    on=(Derivative,),
    detail="normal",  # folded into the step that needed it when brief
    explanation=("When we take a partial derivative with respect to {x}, every other input is held "
                 "constant; {c} changes only when inputs other than {x} change."),
)
