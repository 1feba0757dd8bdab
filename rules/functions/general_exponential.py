"""exponential with any base, with the chain rule: d/dx a^g = a^g log(a) dg/dx

For a base ``a`` that does not depend on ``x`` (stated: a > 0) and an exponent ``g`` that does.
SymPy writes 2**x as ``Pow(2, x)``; e^g is SymPy's ``exp``, never a ``Pow``, and is the
exponential rule's. When the base depends on ``x`` the rule returns ``None``: a constant
exponent is the power rule's, a varying one the "power with a varying exponent" rule's. When
the exponent does not depend on ``x`` either, it is the constant rule's. A base SymPy knows is
0 or negative is refused: a^g log(a) needs the logarithm of a positive base.
"""

from sympy import Derivative, Mul, Pow, log

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import d, derivative_parts, varies


def differentiate_general_exponential(node, context):
    parts = derivative_parts(node, Pow)
    if parts is None:
        return None
    power, x = parts
    a, g = power.base, power.exp
    if varies(a, x, context) or not varies(g, x, context) or a.is_extended_nonpositive:
        return None
    return Rewrite(Mul(power, log(a), d(g, x)), {"f": power, "a": a, "g": g, "x": x})


general_exponential_rule = Rule(
    name="exponential with any base",
    law=r"\frac{d}{dx} a^{g} = a^{g} \log(a) \, \frac{dg}{dx}",
    template=("the base {a} does not depend on {x}, so the derivative of {f} is {f} times the natural "
              "logarithm of {a}, times the derivative of its exponent {g} (the chain rule), valid "
              "for a positive base {a}"),
    rewrite=differentiate_general_exponential,
    on=(Derivative,),
    explanation=("{f} is e to the power {g} log({a}), so the exponential rule gives {f} times the "
                 "derivative of {g} log({a}), which is log({a}) times the derivative of {g}."),
)
