"""maximum and minimum rule: d/dx max(f, g) is df/dx where f > g and dg/dx where f < g

max(f, g) equals whichever argument is the larger, so it is differentiated piece by piece: a
case split, each case the open region where one argument is the largest (smallest for min).
Where two arguments are equal the pieces meet, usually at a kink, and the derivative need not
exist (ReLU = max(0, x) has slope 0 on the left of 0 and 1 on the right): the sentence says so
and no case is made for it. A region the case in force rules out is left out.
"""

from sympy import And, Derivative, Max, Min, Or

from .base import Branch, Rule, Rewrite
from .forms import d, depends_on, derivative_parts
from .regions import contradicted, equal, greater, implied


def region(function, piece, others):
    """Where ``piece`` is the largest (Max) or the smallest (Min) of the arguments."""
    if function is Max:
        return And(*[greater(piece, other) for other in others])
    return And(*[greater(other, piece) for other in others])


def differentiate_extremum(node, context):
    parts = derivative_parts(node)
    if parts is None or not isinstance(parts[0], (Max, Min)):
        return None
    f, x = parts
    if not depends_on(f, x):
        return None
    pieces = f.args
    branches = []
    for position, piece in enumerate(pieces):
        where = region(f.func, piece, pieces[:position] + pieces[position + 1:])
        if implied(where, context.case):
            return None  # the case in force settles the piece: see the rule "piece in a case"
        if not contradicted(where, context.case):
            branches.append(Branch(where, d(piece, x)))
    if not branches:
        return None  # no argument is the largest anywhere the case allows (its regions are all empty)
    meets = Or(*[equal(a, b) for position, a in enumerate(pieces) for b in pieces[position + 1:]])
    which = "largest" if f.func is Max else "smallest"
    return Rewrite(None, {"f": f, "x": x, "which": which, "meets": meets}, branches=tuple(branches))


extremum_rule = Rule(
    name="maximum and minimum rule",
    law=r"\frac{d}{dx} \max(f, g) = \begin{cases} f' & f > g \\ g' & f < g \end{cases}",
    template=("{f} is whichever of its arguments is the {which}, so it is differentiated piece by "
              "piece, each case where one argument is the {which}; where {meets} the pieces meet "
              "at a kink and the derivative need not exist, so no case is made there"),
    rewrite=differentiate_extremum,
    on=(Derivative,),
    explanation=("max(0, x) is 0 for x < 0 and x for x > 0: two straight pieces. Each has a slope, "
                 "0 and 1, but at x = 0, where they meet, the graph has a corner, and no single "
                 "slope fits; frameworks pick one (PyTorch takes 0 for ReLU) by convention."),
)
