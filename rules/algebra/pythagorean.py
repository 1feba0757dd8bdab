"""the Pythagorean identity: sin^2 u + cos^2 u = 1, and cosh^2 u - sinh^2 u = 1

A sum holding c sin^2 u and c cos^2 u (the same c and u) has the two replaced by c; one
holding c cosh^2 u and -c sinh^2 u, likewise. The quotient rule on cot x leaves
-sin^2 x - cos^2 x over sin^2 x, which this folds to -1 over sin^2 x.
"""

import functools

from sympy import Add, Mul, Pow, cos, cosh, sin, sinh

from derive.rules.base import Rule, Rewrite

PAIRS = ((sin, cos, 1), (cosh, sinh, -1))  # f^2 + sign g^2 = 1


@functools.lru_cache(maxsize=4096)  # a sum rewritten at one term keeps its other terms: each is read once
def _squares(term):
    """(c, f, u) when ``term`` is c f(u)^2 with a single such square and f of PAIRS, else None."""
    parts = list(Mul.make_args(term))
    found = [part for part in parts if isinstance(part, Pow) and part.exp == 2
             and isinstance(part.base, (sin, cos, sinh, cosh))]
    if len(found) != 1:
        return None
    parts.remove(found[0])
    return Mul(*parts), found[0].base.func, found[0].base.args[0]


def pythagorean(node, context):
    terms = list(node.args)
    read = [_squares(term) for term in terms]
    for first, f, sign in PAIRS:
        for a, found_a in enumerate(read):
            if found_a is None or found_a[1] is not first:
                continue
            c, _, u = found_a
            for b, found_b in enumerate(read):
                if found_b is not None and found_b[1] is f and found_b[2] == u and found_b[0] == sign * c:
                    rest = [term for position, term in enumerate(terms) if position not in (a, b)]
                    return Rewrite(Add(*rest, c), {"u": u, "c": c, "identity": Add(first(u)**2, sign * f(u)**2)})
    return None


pythagorean_rule = Rule(
    name="Pythagorean identity",
    law=r"\sin^2 u + \cos^2 u = 1, \quad \cosh^2 u - \sinh^2 u = 1",
    template="{identity} = 1 for every {u}, so these two terms together are {c}",
    rewrite=pythagorean,
    on=(Add,),
)
