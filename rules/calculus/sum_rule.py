"""sum rule: d/dx (f + g + ...) = df/dx + dg/dx + ..."""

from sympy import Add, Derivative, Integer

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import d, derivative_parts


def differentiate_sum(node, context):
    parts = derivative_parts(node, Add)
    if parts is None:
        return None
    f, x = parts
    return Rewrite(Add(*[d(term, x) for term in f.args]),
                   {"f": f, "n": Integer(len(f.args)), "x": x})


sum_rule = Rule(
    name="sum rule",
    law=r"\frac{d}{dx}(f + g) = \frac{df}{dx} + \frac{dg}{dx}",
    template="the derivative of the sum {f} is the sum of the derivatives of its {n} terms",
    rewrite=differentiate_sum,
    on=(Derivative,),
)
