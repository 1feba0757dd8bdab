"""power with a varying exponent: d/dx f^g = d/dx e^{g log f}, where f > 0

When both the base ``f`` and the exponent ``g`` depend on ``x`` (``x**x``), neither the power
rule (constant exponent) nor the exponential with any base (constant base) applies. This rule
rewrites the derivative node itself, d/dx f^g into d/dx e^{g log f}, which is the same
function where f > 0 (and, with SymPy's principal logarithm, everywhere SymPy gives f^g a
value); the exponential and logarithm rules then take over.

SymPy does not turn ``exp(g*log(f))`` back into ``f**g``: ``exp`` folds ``exp(c*log(f))``
only when every other factor ``c`` is a number, and ``g`` depends on ``x``. Should it ever
fold straight back to ``f**g``, the rule returns ``None`` rather than go round in circles.
"""

from sympy import Derivative, Mul, Pow, exp, log

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import d, derivative_parts, varies


def rewrite_power_as_exponential(node, context):
    parts = derivative_parts(node, Pow)
    if parts is None:
        return None
    power, x = parts
    f, g = power.base, power.exp
    if not (varies(f, x, context) and varies(g, x, context)):
        return None
    exponential = exp(Mul(g, log(f)))
    if exponential == power:  # folded straight back: rewriting would go round in circles
        return None
    return Rewrite(d(exponential, x), {"f": f, "g": g, "power": power, "exponential": exponential, "x": x})


power_as_exponential_rule = Rule(
    name="power with a varying exponent",
    law=r"\frac{d}{dx} f^{g} = \frac{d}{dx} e^{g \log f} \quad (f > 0)",
    template=("both the base {f} and the exponent {g} depend on {x}, so {power} is written as "
              "{exponential}, the same function where {f} is positive, and that is differentiated instead"),
    rewrite=rewrite_power_as_exponential,
    on=(Derivative,),
    explanation=("Neither the power rule (a constant exponent) nor the exponential rule for a constant base "
                 "fits {power}. Since {f} = e^(log {f}) where {f} is positive, {power} = e^({g} log {f}), "
                 "an exponential whose exponent is a product: the exponential, product and "
                 "logarithm rules finish the work."),
)
