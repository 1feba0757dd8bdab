"""logarithm rule with the chain rule: d/dx log f = (df/dx) / f (the natural logarithm)

SymPy's ``log`` with one argument is the natural logarithm; ``log(x, 2)`` is built by SymPy
as ``log(x)/log(2)``, a product, so a logarithm to another base never reaches this rule.
When ``f`` does not depend on ``x`` the rule returns ``None``: that is the constant rule's.

The result is ``Derivative(f, x) * f**-1`` as SymPy builds it: when ``f`` is a product SymPy
distributes the power -1 over its factors (``1/(e^a/b)`` becomes ``e^{-a} b``).
"""

from sympy import Derivative, Integer, Mul, Pow, log

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import d, derivative_parts, varies


def differentiate_log(node, context):
    parts = derivative_parts(node, log)
    if parts is None or len(parts[0].args) != 1:
        return None
    f, x = parts[0].args[0], parts[1]
    if not varies(f, x, context):
        return None
    return Rewrite(Mul(d(f, x), Pow(f, Integer(-1))), {"f": f, "x": x})


log_rule = Rule(
    name="logarithm rule",
    law=r"\frac{d}{dx} \log f = \frac{1}{f} \frac{df}{dx}",
    template=("the derivative of the logarithm of {f} is the derivative of {f} divided by {f} "
              "(the chain rule)"),
    rewrite=differentiate_log,
    on=(Derivative,),
    explanation=("Why: the logarithm changes at the rate one over its argument, so a small change "
                 "in {f} changes the logarithm of {f} by that change divided by {f}. By the chain "
                 "rule the derivative of the logarithm of {f} with respect to {x} is the "
                 "derivative of {f} divided by {f}. When {f} is a sum, such as the softmax "
                 "denominator, the derivative of the log of the sum is the derivative of the sum "
                 "divided by the sum."),
)
