"""exponential rule with the chain rule: d/dx e^g = e^g dg/dx"""

from sympy import Derivative, exp

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import d, derivative_parts


def differentiate_exponential(node, context):
    parts = derivative_parts(node, exp)
    if parts is None:
        return None
    f, x = parts
    g = f.args[0]
    return Rewrite(f * d(g, x), {"f": f, "g": g, "x": x})


exponential_rule = Rule(
    name="exponential rule",
    law=r"\frac{d}{dx} e^{g} = e^{g} \frac{dg}{dx}",
    template=("the derivative of {f} is {f} itself times the derivative of its exponent {g} "
              "(the chain rule)"),
    rewrite=differentiate_exponential,
    on=(Derivative,),
)
