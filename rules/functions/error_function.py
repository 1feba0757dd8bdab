"""error function rule with the chain rule: d/dx erf g = 2/sqrt(pi) e^{-g^2} dg/dx

erf g = 2/sqrt(pi) times the integral of e^{-t^2} from 0 to g, so its derivative is the
integrand at g, scaled; written as SymPy's own derivative writes it.
"""

from sympy import erf, exp, pi, sqrt

from derive.rules.calculus.outer_function import outer_function_rule

error_function_rule = outer_function_rule(
    erf, "error function rule",
    r"\frac{d}{dx} \operatorname{erf} g = \frac{2}{\sqrt{\pi}} e^{-g^{2}} \frac{dg}{dx}",
    lambda g: 2 * exp(-g**2) / sqrt(pi), what="the error function",
    explanation=("The error function of {g} is 2/sqrt(pi) times the area under e^(-t^2) from 0 to {g}; "
                 "the area grows at the rate of the curve's height at {g}."))
