"""sum of derivatives: d/dx sum_{l=a}^{b} f(l) = sum_{l=a}^{b} df(l)/dx"""

from sympy import Derivative, Sum, Symbol

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import d, derivative_parts


def differentiate_indexed_sum(node, context):
    parts = derivative_parts(node, Sum)
    if parts is None or len(parts[0].limits) != 1:
        return None
    total, x = parts
    (l, a, b), = total.limits
    term = total.function
    if l in x.free_symbols:  # d/dz_l of sum_l ...: rename the summation index so it does not capture x's
        fresh = _fresh_index(l, total.free_symbols | x.free_symbols | term.free_symbols)
        term, l = term.xreplace({l: fresh}), fresh
    return Rewrite(Sum(d(term, x), (l, a, b)),
                   {"sum": total, "term": term, "l": l, "a": a, "b": b, "x": x})


def _fresh_index(l, taken):
    names = {symbol.name for symbol in taken}
    for name in [f"{l.name}'", f"{l.name}''"] + list("mnpqrstuvw"):
        if name not in names:
            return Symbol(name, **l.assumptions0)
    raise ValueError("no fresh summation index left")


sum_of_derivatives = Rule(
    name="sum of derivatives",
    law=r"\frac{\partial}{\partial x} \sum_{l} f_l = \sum_{l} \frac{\partial f_l}{\partial x}",
    template=("the derivative of a sum is the sum of the derivatives: each term {term}, "
              "for {l} from {a} to {b}, is differentiated with respect to {x} on its own"),
    rewrite=differentiate_indexed_sum,
    on=(Derivative,),
)
