"""The inverse trigonometric rules with the chain rule: d/dx F(g) = F'(g) dg/dx

    asin g -> g' / sqrt(1 - g^2)     where |g| < 1
    acos g -> -g' / sqrt(1 - g^2)    where |g| < 1
    atan g -> g' / (1 + g^2)
    acot g -> -g' / (1 + g^2)        where g ≠ 0
    asec g -> g' / (g^2 sqrt(1 - 1/g^2))    where |g| > 1
    acsc g -> -g' / (g^2 sqrt(1 - 1/g^2))   where |g| > 1

SymPy's arccotangent is atan(1/g): it jumps from -π/2 to π/2 at g = 0, where it has no
derivative. Each outer derivative is written as SymPy's own derivative writes it.
"""

from sympy import acos, acot, acsc, asec, asin, atan, sqrt

from derive.rules.calculus.outer_function import outer_function_rule

arcsine_rule = outer_function_rule(
    asin, "arcsine rule", r"\frac{d}{dx} \arcsin g = \frac{1}{\sqrt{1 - g^{2}}} \frac{dg}{dx}",
    lambda g: 1 / sqrt(1 - g**2), what="the arcsine",
    domain="valid where {g} lies strictly between -1 and 1",
    explanation="At {g} = ±1 the arcsine has a vertical tangent: 1/sqrt(1 - {g}^2) grows without bound.")

arccosine_rule = outer_function_rule(
    acos, "arccosine rule", r"\frac{d}{dx} \arccos g = -\frac{1}{\sqrt{1 - g^{2}}} \frac{dg}{dx}",
    lambda g: -1 / sqrt(1 - g**2), what="the arccosine",
    domain="valid where {g} lies strictly between -1 and 1",
    explanation="The arccosine is π/2 minus the arcsine, so its derivative is minus the arcsine's.")

arctangent_rule = outer_function_rule(
    atan, "arctangent rule", r"\frac{d}{dx} \arctan g = \frac{1}{1 + g^{2}} \frac{dg}{dx}",
    lambda g: 1 / (g**2 + 1), what="the arctangent", domain="for real {g}")

arccotangent_rule = outer_function_rule(
    acot, "arccotangent rule", r"\frac{d}{dx} \operatorname{arccot} g = -\frac{1}{1 + g^{2}} \frac{dg}{dx}",
    lambda g: -1 / (g**2 + 1), what="the arccotangent", domain="valid for real {g} ≠ 0",
    explanation="The arccotangent is atan(1/{g}); it jumps at {g} = 0, where it has no derivative.")

arcsecant_rule = outer_function_rule(
    asec, "arcsecant rule",
    r"\frac{d}{dx} \operatorname{arcsec} g = \frac{1}{g^{2} \sqrt{1 - g^{-2}}} \frac{dg}{dx}",
    lambda g: 1 / (g**2 * sqrt(1 - 1 / g**2)), what="the arcsecant",
    domain="valid where {g} lies outside [-1, 1]",
    explanation="The arcsecant is acos(1/{g}): the chain rule through 1/{g} gives -1/sqrt(1 - 1/{g}^2) "
                "times -1/{g}^2. It is real only for |{g}| >= 1, and at {g} = ±1 its tangent is vertical.")

arccosecant_rule = outer_function_rule(
    acsc, "arccosecant rule",
    r"\frac{d}{dx} \operatorname{arccsc} g = -\frac{1}{g^{2} \sqrt{1 - g^{-2}}} \frac{dg}{dx}",
    lambda g: -1 / (g**2 * sqrt(1 - 1 / g**2)), what="the arccosecant",
    domain="valid where {g} lies outside [-1, 1]",
    explanation="The arccosecant is asin(1/{g}): the chain rule through 1/{g} gives 1/sqrt(1 - 1/{g}^2) "
                "times -1/{g}^2. It is real only for |{g}| >= 1.")

INVERSE_TRIGONOMETRIC_RULES = (arcsine_rule, arccosine_rule, arctangent_rule, arccotangent_rule, arcsecant_rule,
                               arccosecant_rule)
