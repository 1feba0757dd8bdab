"""The chain rule for a named function of one argument: d/dx F(g) = F'(g) dg/dx

The trigonometric, hyperbolic, inverse, error-function, absolute-value, sign and Heaviside
rules all have this one shape; each is a `Rule` built here from the SymPy function, its
display name, its law, and the derivative of the outer function, ``outer(g) = F'(g)``.

The rule always writes the chain form: even when ``g`` is ``x`` itself, d/dx sin(x) becomes
``cos(x) * Derivative(x, x)``; the variable rule then turns ``Derivative(x, x)`` into 1. It
applies only when the argument depends on ``x`` (through ``varies``); otherwise it returns
``None`` and the constant rule is the one that applies. It never simplifies: ``outer(g)`` is
written in the form SymPy's own derivative gives (``1 + tan(g)**2``, not ``sec(g)**2``), so that
results compare easily with ``sympy.diff``.

A rule whose law holds only on part of the line states where in its sentence (``domain``,
for example ``"valid where {g} lies strictly between -1 and 1"``). The sentence says
"greater than" and "between" in words: the LaTeX printer sets text outside math mode, where
pdflatex prints < and > as ¡ and ¿ and | as a dash; ≠ it knows.
"""

from __future__ import annotations

from typing import Callable

from sympy import Derivative, Expr, Mul

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import d, derivative_parts, varies


def outer_function_rule(function: type, name: str, law: str, outer: Callable[[Expr], Expr], *,
                        what: str, domain: str = "", template: str = "", explanation: str = "") -> Rule:
    """A rule for d/dx ``function``(g) = ``outer``(g) dg/dx.

    ``what`` names the function in the sentence ("the sine"); ``domain`` is a clause such as
    ``"valid where {g} is greater than 1"`` that the sentence ends with; ``template`` replaces the whole
    sentence where the usual one reads badly (a derivative that is 0). Bindings: ``f`` the
    function of ``g``, ``g`` its argument, ``outer`` the derivative of the function at ``g``, ``x``.
    """

    def rewrite(node, context):
        parts = derivative_parts(node, function)
        if parts is None:
            return None
        f, x = parts
        g = f.args[0]  # Heaviside carries its value at 0 as a second argument: not an input
        if not varies(g, x, context):
            return None
        derivative = outer(g)
        return Rewrite(Mul(derivative, d(g, x)), {"f": f, "g": g, "outer": derivative, "x": x})

    if not template:
        template = (f"the derivative of {what} {{f}} is {{outer}} times the derivative of its argument "
                    f"{{g}} (the chain rule)" + (f", {domain}" if domain else ""))
    rewrite.__name__ = "differentiate_" + function.__name__
    return Rule(name=name, law=law, template=template, rewrite=rewrite, on=(Derivative,),
                explanation=explanation)
