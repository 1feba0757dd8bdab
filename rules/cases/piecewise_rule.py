"""piecewise rule: a function defined piece by piece is differentiated piece by piece

d/dx of f_1 for c_1, f_2 for c_2, ... is df_i/dx on the open region where piece i is in force:
c_i holds and no earlier condition does (the first piece whose condition holds is the one in
force). A piece on a single point (x = 0) has no derivative of its own there and is left out.
Where pieces meet the derivative need not exist; the sentence names those points.
"""

from sympy import And, Derivative, Eq, Piecewise

from derive.rules.base import Branch, Rule, Rewrite
from derive.rules.forms import d, derivative_parts, varies
from derive.rules.regions import boundary, contradicted, implied, interior, outside, solid


def pieces_in_force(f):
    """(piece, open region where it is in force) for each piece of ``f``; None if a condition is
    not a region of inequalities."""
    found = []
    conditions = [condition for _, condition in f.args]
    for position, (piece, condition) in enumerate(f.args):
        if isinstance(condition, Eq) and not solid(condition):
            continue  # a single point: no derivative of its own
        before = outside(conditions[:position])
        own = condition if isinstance(condition, Eq) else interior(condition)  # |x| = x holds on x >= 0
        if before is None or own is None:
            return None
        found.append((piece, And(own, before)))
    return found


def differentiate_piecewise(node, context):
    parts = derivative_parts(node, Piecewise)
    if parts is None:
        return None
    f, x = parts
    if not varies(f, x, context):
        return None
    found = pieces_in_force(f)
    if not found:
        return None
    if any(implied(where, context.case) for _, where in found):
        return None  # the case in force settles the piece: see the rule "piece in a case"
    branches = tuple(Branch(where, d(piece, x)) for piece, where in found if not contradicted(where, context.case))
    if not branches:
        return None  # no piece is in force anywhere the case allows: nothing to differentiate
    meets = boundary([condition for _, condition in f.args])
    return Rewrite(None, {"f": f, "x": x, "meets": meets}, branches=branches)


piecewise_rule = Rule(
    name="piecewise rule",
    law=r"\frac{d}{dx} \begin{cases} f & c \\ g & \text{otherwise} \end{cases} = "
        r"\begin{cases} f' & c \\ g' & \text{not } c \end{cases}",
    template=("{f} is defined piece by piece, so it is differentiated piece by piece, each case the "
              "region where one piece is in force[; where {meets} the pieces meet and the "
              "derivative need not exist, so no case is made there]"),
    rewrite=differentiate_piecewise,
    on=(Derivative,),
)
