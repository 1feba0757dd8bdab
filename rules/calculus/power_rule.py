"""power rule with the chain rule: d/dx f^n = n f^(n-1) df/dx for an exponent n free of x

The exponent ``n`` may be an integer, a rational, negative, or a symbol that does not depend
on ``x``. The reciprocal is the case ``n = -1``: d/dx (1/v) = -v^(-2) dv/dx.

The rule always writes the chain form: even when ``f`` is ``x`` itself, d/dx x^n becomes
``n x^(n-1) * Derivative(x, x)``; the variable rule then turns ``Derivative(x, x)`` into 1.
It applies only when the base depends on ``x`` (through ``varies``) and the exponent does
not; when neither depends on ``x`` it returns ``None``, and the constant rule is the one that
applies. An exponential ``e^g`` is SymPy's ``exp``, not a power, and is the exponential rule's.
"""

from sympy import Derivative, Integer, Mul, Pow

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import d, derivative_parts, varies


def differentiate_power(node, context):
    parts = derivative_parts(node, Pow)
    if parts is None:
        return None
    power, x = parts
    f, n = power.base, power.exp
    if varies(n, x, context) or not varies(f, x, context):
        return None
    m = n - Integer(1)
    return Rewrite(Mul(n, Pow(f, m), d(f, x)), {"f": f, "n": n, "m": m, "x": x})


power_rule = Rule(
    name="power rule",
    law=r"\frac{d}{dx} f^{n} = n f^{n-1} \frac{df}{dx}",
    template=("the exponent {n} does not depend on {x}, so the derivative of {f} to the power {n} "
              "is {n} times {f} to the power {m}, times the derivative of {f} (the power rule "
              "with the chain rule)"),
    rewrite=differentiate_power,
    on=(Derivative,),
    explanation=("The exponent {n} is held constant while {x} varies: it comes down as a factor "
                 "and the power drops by one, to {m}. Because {f} itself changes with {x}, the "
                 "result is multiplied by the derivative of {f} (the chain rule). A reciprocal "
                 "is the power minus one: its derivative is minus the derivative of {f} divided by {f} "
                 "squared."),
)
