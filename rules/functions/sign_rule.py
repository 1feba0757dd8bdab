"""sign rule: d/dx sign(g) = 0, where g ≠ 0

For real g the sign is -1, 0 or 1, constant on each side of g = 0: its derivative is 0
wherever g ≠ 0. At g = 0 it jumps and has no derivative, which the sentence states; the rule
never writes the DiracDelta of distribution theory.
"""

from sympy import S, sign

from derive.rules.calculus.outer_function import outer_function_rule

sign_rule = outer_function_rule(
    sign, "sign rule", r"\frac{d}{dx} \operatorname{sign}(g) = 0 \quad (g \neq 0)",
    lambda g: S.Zero, what="the sign",
    template=("the sign {f} is constant wherever {g} ≠ 0, so its derivative there is 0 "
              "(at {g} = 0 the sign jumps and has no derivative)"))
