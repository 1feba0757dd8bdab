"""constant factor rule: d/dx (c f) = c df/dx when c does not depend on x"""

from sympy import Derivative, Mul

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import d, depends_on, derivative_parts, factors


def take_out_constant_factor(node, context):
    parts = derivative_parts(node, Mul)
    if parts is None:
        return None
    f, x = parts
    constant = [item for item in factors(f) if not depends_on(item, x)]
    varying = [item for item in factors(f) if depends_on(item, x)]
    if not constant or not varying:
        return None
    c, g = Mul(*constant), Mul(*varying)
    return Rewrite(c * d(g, x), {"c": c, "f": g, "x": x})


constant_factor_rule = Rule(
    name="constant factor rule",
    law=r"\frac{d}{dx}(c f) = c \frac{df}{dx}",
    template="{c} does not depend on {x}, so it stays as a factor in front of the derivative of {f}",
    rewrite=take_out_constant_factor,
    on=(Derivative,),
    detail="normal",  # folded into the step that needed it when brief
)
