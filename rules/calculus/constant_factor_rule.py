"""constant factor rule: d/dx (c f) = c df/dx when c does not depend on x

A named part (xhat_j, defined as (x_j - mu)/sigma) depends on x through its definition: it is
looked at written out, so that it is never taken for a constant."""

from sympy import Derivative, Mul

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import d, depends_on, derivative_parts, factors


def _varies(item, x, definitions) -> bool:
    """Whether ``item`` may change with ``x``, its named parts written out (latest first: one pass)."""
    for definition in definitions:
        item = definition.unfold(item)
    return depends_on(item, x)


def take_out_constant_factor(node, context):
    parts = derivative_parts(node, Mul)
    if parts is None:
        return None
    f, x = parts
    varies = {item: _varies(item, x, context.definitions) for item in factors(f)}
    constant = [item for item in factors(f) if not varies[item]]
    varying = [item for item in factors(f) if varies[item]]
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
