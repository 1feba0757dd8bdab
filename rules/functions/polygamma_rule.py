"""polygamma rule with the chain rule: d/dx psi^(n)(g) = psi^(n+1)(g) dg/dx

The polygamma function of order n is the (n+1)-th derivative of log Gamma; its derivative is the
polygamma function of the next order. The digamma function psi = polygamma(0, .) and the
trigamma function polygamma(1, .) are its first two orders (SymPy writes them so). The order n
is a constant whole number: a polygamma whose order varies with x is not this rule's.
"""

from sympy import Derivative, Integer, Mul, polygamma

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import d, derivative_parts, varies


def differentiate_polygamma(node, context):
    parts = derivative_parts(node, polygamma)
    if parts is None:
        return None
    f, x = parts
    n, g = f.args
    if not (n.is_Integer and n >= 0) or not varies(g, x, context):
        return None
    outer = polygamma(n + Integer(1), g)
    return Rewrite(Mul(outer, d(g, x)), {"f": f, "g": g, "n": n, "outer": outer, "x": x})


polygamma_rule = Rule(
    name="polygamma rule",
    law=r"\frac{d}{dx} \psi^{(n)}(g) = \psi^{(n+1)}(g) \, \frac{dg}{dx}",
    template=("the derivative of the polygamma function {f} of order {n} is {outer}, the polygamma function of "
              "the next order, times the derivative of its argument {g} (the chain rule)"),
    rewrite=differentiate_polygamma, on=(Derivative,),
    explanation="polygamma(n, {g}) is the (n+1)-th derivative of log Gamma at {g}: one more derivative raises "
                "the order by one.")
