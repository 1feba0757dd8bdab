"""product rule: d/dx (f g) = df/dx g + f dg/dx (and likewise for more factors)"""

from sympy import Add, Derivative, Mul

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import d, derivative_parts, varies, factors


def differentiate_product(node, context):
    parts = derivative_parts(node, Mul)
    if parts is None:
        return None
    f, x = parts
    items = factors(f)
    if sum(1 for item in items if varies(item, x, context)) < 2:
        return None
    terms = [Mul(*items[:n], d(item, x), *items[n + 1:]) for n, item in enumerate(items)]
    return Rewrite(Add(*terms), {"f": f, "factors": Mul(*items), "x": x})


product_rule = Rule(
    name="product rule",
    law=r"\frac{d}{dx}(f g) = \frac{df}{dx} g + f \frac{dg}{dx}",
    template=("the product rule on {f}: differentiate one factor at a time, keeping the others "
              "as they are, and add the results"),
    rewrite=differentiate_product,
    on=(Derivative,),
)
