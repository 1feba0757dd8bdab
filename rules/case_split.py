"""case split: an expression with delta_{jk} is split into the case j = k (delta = 1) and j != k (delta = 0)"""

from sympy import Eq, KroneckerDelta, Ne, S

from .base import Branch, Rule, Rewrite
from .forms import bound_symbols


def split_on_kronecker_delta(node, context):
    bound = bound_symbols(node) | context.bound
    for delta in sorted(node.atoms(KroneckerDelta), key=str):
        a, b = delta.args
        if a.is_number or b.is_number or (delta.free_symbols & bound):
            continue
        equal = Branch(Eq(a, b), node.xreplace({delta: S.One}))
        different = Branch(Ne(a, b), node.xreplace({delta: S.Zero}))
        return Rewrite(None, {"delta": delta, "a": a, "b": b}, branches=(equal, different))
    return None


case_split = Rule(
    name="case split",
    law=r"\delta_{jk} = \begin{cases} 1 & j = k \\ 0 & j \ne k \end{cases}",
    template="{delta} is 1 when {a} = {b} and 0 when {a} ≠ {b}, so the two cases are carried on separately",
    rewrite=split_on_kronecker_delta,
    explanation=("The Kronecker delta {delta} is a switch: 1 when {a} = {b}, 0 otherwise. Putting "
                 "1 or 0 in its place gives two different expressions, so each case is carried on "
                 "and simplified on its own."),
)
