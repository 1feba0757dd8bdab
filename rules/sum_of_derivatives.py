"""sum of derivatives: d/dx sum_{l=a}^{b} f(l) = sum_{l=a}^{b} df(l)/dx"""

from sympy import Derivative, Sum

from .base import Rule, Rewrite
from .forms import d, derivative_parts


def differentiate_indexed_sum(node, context):
    parts = derivative_parts(node)
    if parts is None or not isinstance(parts[0], Sum) or len(parts[0].limits) != 1:
        return None
    total, x = parts
    (l, a, b), = total.limits
    return Rewrite(Sum(d(total.function, x), (l, a, b)),
                   {"sum": total, "term": total.function, "l": l, "a": a, "b": b, "x": x})


sum_of_derivatives = Rule(
    name="sum of derivatives",
    law=r"\frac{\partial}{\partial x} \sum_{l} f_l = \sum_{l} \frac{\partial f_l}{\partial x}",
    template=("the derivative of a sum is the sum of the derivatives: each term {term}, "
              "for {l} from {a} to {b}, is differentiated with respect to {x} on its own"),
    rewrite=differentiate_indexed_sum,
    on=(Derivative,),
)
