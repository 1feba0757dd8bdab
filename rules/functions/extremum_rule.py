"""maximum and minimum rule: d/dx max(f, g) is df/dx where f > g and dg/dx where f < g

max(f, g) equals whichever argument is the larger, so it is differentiated piece by piece: a
case split, each case the open region where one argument is the largest (smallest for min).
Where two arguments are equal the pieces meet, usually at a kink, and the derivative need not
exist (ReLU = max(0, x) has slope 0 on the left of 0 and 1 on the right): the sentence says so
and no case is made for it. A region the case in force rules out is left out.
"""

from sympy import And, Derivative, Max, Min, Or

from derive.rules.base import Branch, Rule, Rewrite
from derive.rules.forms import d, derivative_parts, varies
from derive.rules.regions import at_least, contradicted, equal, greater, implied, solid


def region(function, piece, earlier, later, ties=frozenset()):
    """Where ``piece`` is the largest (Max) or the smallest (Min) of the arguments. Against a later
    argument it agrees with on a whole interval (a pair in ``ties``), it is the one in force there
    too: that interval is part of its region, not a kink."""
    def beats(other, tied):
        if function is Max:
            return at_least(piece, other) if tied else greater(piece, other)
        return at_least(other, piece) if tied else greater(other, piece)
    return And(*[beats(other, False) for other in earlier],
               *[beats(other, frozenset((piece, other)) in ties) for other in later])


def regions(function, pieces) -> tuple[list, frozenset]:
    """(piece, its region) for each argument of max or min, and the pairs that agree on a whole
    interval (whose interval goes to the first of the two)."""
    pairs = [(a, b) for position, a in enumerate(pieces) for b in pieces[position + 1:]]
    ties = frozenset(frozenset(pair) for pair in pairs if solid(equal(*pair)))
    return [(piece, region(function, piece, pieces[:n], pieces[n + 1:], ties)) for n, piece in enumerate(pieces)], ties


def differentiate_extremum(node, context):
    parts = derivative_parts(node, (Max, Min))
    if parts is None:
        return None
    f, x = parts
    if not varies(f, x, context):
        return None
    pieces = f.args
    found, ties = regions(f.func, pieces)
    branches = []
    for piece, where in found:
        if implied(where, context.case):
            return None  # the case in force settles the piece: see the rule "piece in a case"
        if not contradicted(where, context.case):
            branches.append(Branch(where, d(piece, x)))
    if not branches:
        return None  # no argument is the largest anywhere the case allows (its regions are all empty)
    meets = Or(*[equal(a, b) for n, a in enumerate(pieces) for b in pieces[n + 1:] if frozenset((a, b)) not in ties])
    which = "largest" if f.func is Max else "smallest"
    return Rewrite(None, {"f": f, "x": x, "which": which, "meets": meets}, branches=tuple(branches))


extremum_rule = Rule(
    name="maximum and minimum rule",
    law=r"\frac{d}{dx} \max(f, g) = \begin{cases} f' & f > g \\ g' & f < g \end{cases}",
    template=("{f} is whichever of its arguments is the {which}, so it is differentiated piece by "
              "piece, each case where one argument is the {which}[; where {meets} the pieces meet "
              "at a kink and the derivative need not exist, so no case is made there]"),
    rewrite=differentiate_extremum,
    on=(Derivative,),
    explanation=("max(0, x) is 0 for x < 0 and x for x > 0: two straight pieces. Each has a slope, "
                 "0 and 1, but at x = 0, where they meet, the graph has a corner, and no single "
                 "slope fits; frameworks pick one (PyTorch takes 0 for ReLU) by convention."),
)
