"""piece in a case: under a case that settles which piece is in force, max, min or a piecewise
function is that piece (under x > 0, max(0, x) is x)"""

from sympy import Max, Min, Piecewise

from derive.rules.base import Rule, Rewrite
from derive.rules.functions.extremum_rule import regions
from derive.rules.cases.piecewise_rule import pieces_in_force
from derive.rules.regions import implied


def piece_in_force(node, context):
    if context.case is None:
        return None
    if isinstance(node, (Max, Min)):
        candidates, _ = regions(node.func, node.args)
    else:  # a Piecewise
        candidates = pieces_in_force(node) or []
    for piece, where in candidates:
        if implied(where, context.case):
            return Rewrite(piece, {"f": node, "piece": piece, "case": context.case})
    return None


piece_in_case_rule = Rule(
    name="piece in a case",
    law=r"\max(f, g) = f \text{ where } f > g",
    template="in the case {case}, the piece of {f} in force is {piece}",
    rewrite=piece_in_force,
    on=(Max, Min, Piecewise),
)
