"""The special functions of one argument with the chain rule: d/dx F(g) = F'(g) dg/dx

    gamma g    -> gamma g psi(g) g'                 log gamma g -> psi(g) g'
    erfi g     -> 2/sqrt(pi) e^(g^2) g'             erfinv g    -> sqrt(pi)/2 e^(erfinv(g)^2) g'
    Ei g       -> e^g / g g'                        li g        -> g' / log g
    Si g       -> sin g / g g'                      Ci g        -> cos g / g g'
    Shi g      -> sinh g / g g'                     Chi g       -> cosh g / g g'
    W(g)       -> W(g) / (g (1 + W(g))) g'          sinc g      -> (cos g / g - sin g / g^2) g'
    S(g)       -> sin(pi g^2 / 2) g'                C(g)        -> cos(pi g^2 / 2) g'

psi is the digamma function, polygamma(0, .); its own derivatives are the polygamma rule's. The
integrals (Ei, li, Si, Ci, Shi, Chi, the Fresnel integrals) have their integrand at g as their
derivative. Each outer derivative is written as SymPy's own derivative writes it, so results
compare easily with ``sympy.diff``.
"""

from sympy import (Chi, Ci, Ei, LambertW, Shi, Si, cos, cosh, erfi, erfinv, exp, fresnelc, fresnels, gamma, li,
                   log, loggamma, pi, polygamma, sin, sinc, sinh, sqrt)

from derive.rules.calculus.outer_function import outer_function_rule

gamma_rule = outer_function_rule(
    gamma, "gamma function rule",
    r"\frac{d}{dx} \Gamma(g) = \Gamma(g) \, \psi(g) \, \frac{dg}{dx}",
    lambda g: gamma(g) * polygamma(0, g), what="the gamma function",
    explanation="psi({g}) = polygamma(0, {g}) is the digamma function, the derivative of log Gamma({g}); "
                "Gamma's own derivative is Gamma times it.")

log_gamma_rule = outer_function_rule(
    loggamma, "log-gamma rule",
    r"\frac{d}{dx} \log\Gamma(g) = \psi(g) \, \frac{dg}{dx}",
    lambda g: polygamma(0, g), what="the log-gamma function",
    explanation="The digamma function psi = polygamma(0, .) is by definition the derivative of log Gamma.")

imaginary_error_function_rule = outer_function_rule(
    erfi, "imaginary error function rule",
    r"\frac{d}{dx} \operatorname{erfi} g = \frac{2}{\sqrt{\pi}} e^{g^{2}} \frac{dg}{dx}",
    lambda g: 2 * exp(g**2) / sqrt(pi), what="the imaginary error function")

inverse_error_function_rule = outer_function_rule(
    erfinv, "inverse error function rule",
    r"\frac{d}{dx} \operatorname{erf}^{-1} g = \frac{\sqrt{\pi}}{2} e^{(\operatorname{erf}^{-1} g)^{2}} \frac{dg}{dx}",
    lambda g: sqrt(pi) * exp(erfinv(g)**2) / 2, what="the inverse error function",
    domain="valid where {g} lies strictly between -1 and 1",
    explanation="The derivative of an inverse is one over the derivative of the function at the inverse: "
                "1 / (2/sqrt(pi) e^(-w^2)) at w = erfinv({g}).")

exponential_integral_rule = outer_function_rule(
    Ei, "exponential integral rule",
    r"\frac{d}{dx} \operatorname{Ei} g = \frac{e^{g}}{g} \frac{dg}{dx}",
    lambda g: exp(g) / g, what="the exponential integral", domain="valid where {g} ≠ 0")

logarithmic_integral_rule = outer_function_rule(
    li, "logarithmic integral rule",
    r"\frac{d}{dx} \operatorname{li} g = \frac{1}{\log g} \frac{dg}{dx}",
    lambda g: 1 / log(g), what="the logarithmic integral", domain="valid where {g} is greater than 0 and {g} ≠ 1")

sine_integral_rule = outer_function_rule(
    Si, "sine integral rule",
    r"\frac{d}{dx} \operatorname{Si} g = \frac{\sin g}{g} \frac{dg}{dx}",
    lambda g: sin(g) / g, what="the sine integral", domain="valid where {g} ≠ 0")

cosine_integral_rule = outer_function_rule(
    Ci, "cosine integral rule",
    r"\frac{d}{dx} \operatorname{Ci} g = \frac{\cos g}{g} \frac{dg}{dx}",
    lambda g: cos(g) / g, what="the cosine integral", domain="valid where {g} is greater than 0")

hyperbolic_sine_integral_rule = outer_function_rule(
    Shi, "hyperbolic sine integral rule",
    r"\frac{d}{dx} \operatorname{Shi} g = \frac{\sinh g}{g} \frac{dg}{dx}",
    lambda g: sinh(g) / g, what="the hyperbolic sine integral", domain="valid where {g} ≠ 0")

hyperbolic_cosine_integral_rule = outer_function_rule(
    Chi, "hyperbolic cosine integral rule",
    r"\frac{d}{dx} \operatorname{Chi} g = \frac{\cosh g}{g} \frac{dg}{dx}",
    lambda g: cosh(g) / g, what="the hyperbolic cosine integral", domain="valid where {g} is greater than 0")

lambert_w_rule = outer_function_rule(
    LambertW, "Lambert W rule",
    r"\frac{d}{dx} W(g) = \frac{W(g)}{g \left(1 + W(g)\right)} \frac{dg}{dx}",
    lambda g: LambertW(g) / (g * (LambertW(g) + 1)), what="the Lambert W function",
    domain="valid where {g} ≠ 0 and {g} is greater than -1/e",
    explanation="W is the inverse of w e^w, whose derivative is (1 + w) e^w; one over it at w = W({g}), "
                "with e^W({g}) = {g}/W({g}).")

sinc_rule = outer_function_rule(
    sinc, "sinc rule",
    r"\frac{d}{dx} \operatorname{sinc} g = \left(\frac{\cos g}{g} - \frac{\sin g}{g^{2}}\right) \frac{dg}{dx}",
    lambda g: cos(g) / g - sin(g) / g**2, what="the sinc function", domain="valid where {g} ≠ 0",
    explanation="sinc {g} = sin({g})/{g} away from 0: the quotient rule gives cos({g})/{g} - sin({g})/{g}^2.")

fresnel_sine_rule = outer_function_rule(
    fresnels, "Fresnel sine integral rule",
    r"\frac{d}{dx} S(g) = \sin\left(\frac{\pi g^{2}}{2}\right) \frac{dg}{dx}",
    lambda g: sin(pi * g**2 / 2), what="the Fresnel sine integral")

fresnel_cosine_rule = outer_function_rule(
    fresnelc, "Fresnel cosine integral rule",
    r"\frac{d}{dx} C(g) = \cos\left(\frac{\pi g^{2}}{2}\right) \frac{dg}{dx}",
    lambda g: cos(pi * g**2 / 2), what="the Fresnel cosine integral")

SPECIAL_RULES = (gamma_rule, log_gamma_rule, imaginary_error_function_rule, inverse_error_function_rule,
                 exponential_integral_rule, logarithmic_integral_rule, sine_integral_rule, cosine_integral_rule,
                 hyperbolic_sine_integral_rule, hyperbolic_cosine_integral_rule, lambert_w_rule, sinc_rule,
                 fresnel_sine_rule, fresnel_cosine_rule)
