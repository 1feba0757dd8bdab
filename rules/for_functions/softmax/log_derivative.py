"""log-derivative: d/dx f = f d/dx log f, where f > 0

The first rule of a "log" route for softmax: instead of differentiating the quotient
``S = e^{z_j} / sum_l e^{z_l}`` directly, the route differentiates ``log S``. The rule applies
only where ``f`` is known to be positive by its shape: a product whose numerator (by
``numerator_denominator``) is a single exponential and whose denominator is a ``Sum`` of an
exponential or an ``Add`` of exponentials. Anything else returns ``None``.

It cannot loop: the new derivative is of ``log f``, a ``log``, not a product.
"""

from sympy import Add, Derivative, Mul, Sum, exp, log

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import d, derivative_parts, hold, numerator_denominator


def _sum_of_exponentials(expr):
    if isinstance(expr, Sum):
        return isinstance(expr.function, exp)
    if isinstance(expr, Add):
        return all(isinstance(term, exp) for term in expr.args)
    return False


def differentiate_through_log(node, context):
    parts = derivative_parts(node, Mul)
    if parts is None:
        return None
    f, x = parts
    numerator, denominator = numerator_denominator(f)
    if not isinstance(numerator, exp) or not _sum_of_exponentials(denominator):
        return None
    return Rewrite(hold(f) * d(log(f), x), {"f": f, "x": x})  # f kept whole, to be read as S


log_derivative_rule = Rule(
    name="log-derivative",
    law=r"\frac{df}{dx} = f \frac{d}{dx} \log f",
    template=("{f} is positive, so its derivative with respect to {x} is {f} times the derivative "
              "of its logarithm"),
    rewrite=differentiate_through_log,
    on=(Derivative,),
    explanation=("Why: by the logarithm rule the derivative of the logarithm of {f} is the "
                 "derivative of {f} divided by {f}; multiplying by {f} gives back the derivative "
                 "of {f}. The logarithm needs {f} positive: here it is an exponential divided by "
                 "a sum of exponentials, and every exponential is positive. The logarithm turns "
                 "the quotient into a difference, which is easier to differentiate."),
)
