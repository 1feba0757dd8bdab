"""Heaviside rule: d/dx H(g) = 0, where g ≠ 0

The Heaviside step is 0 where g < 0 and 1 where g > 0, constant on each side: its derivative
is 0 wherever g ≠ 0. At g = 0 it jumps and has no derivative, which the sentence states; the
rule never writes the DiracDelta of distribution theory (SymPy's own derivative does). SymPy's
Heaviside carries its value at 0 as a second argument, which does not depend on x.
"""

from sympy import Heaviside, S

from derive.rules.calculus.outer_function import outer_function_rule

heaviside_rule = outer_function_rule(
    Heaviside, "Heaviside rule", r"\frac{d}{dx} H(g) = 0 \quad (g \neq 0)",
    lambda g: S.Zero, what="the Heaviside step",
    template=("the Heaviside step {f} is constant wherever {g} ≠ 0, so its derivative there is 0 "
              "(at {g} = 0 the step jumps and has no derivative)"))
