"""cancel a common power: (b^k A + b^k B) / b^e = (A + B) / b^(e - k)

The quotient rule on u / b^n leaves b^n u' - u n b^(n-1) b' over b^(2n): every term of the
numerator holds a power of b, and so does the denominator. The lowest power found in every term
(at most the denominator's) is divided out of both.
"""

from sympy import Add, Integer, Mul, Pow

from derive.rules.base import Rule, Rewrite


def _power_of(base, term):
    """The whole-number power of ``base`` that ``term`` holds as a factor (0 when none)."""
    for factor in Mul.make_args(term):
        if factor == base:
            return Integer(1)
        if isinstance(factor, Pow) and factor.base == base and factor.exp.is_Integer and factor.exp > 0:
            return factor.exp
    return Integer(0)


def cancel_power(node, context):
    parts = Mul.make_args(node)
    sums = [part for part in parts if isinstance(part, Add)]
    for denominator in parts:
        if not (isinstance(denominator, Pow) and denominator.exp.is_Integer and denominator.exp < 0):
            continue
        base, e = denominator.base, -denominator.exp
        for numerator in sums:
            k = min([e] + [_power_of(base, term) for term in numerator.args])
            if k < 1:
                continue
            reduced = Add(*[term / base**k for term in numerator.args])
            rest = [part for part in parts if part is not numerator and part is not denominator]
            return Rewrite(Mul(*rest, reduced, Pow(base, k - e)),
                           {"numerator": numerator, "factor": base**k, "denominator": base**e})
    return None


cancel_power_rule = Rule(
    name="cancel a common power",
    law=r"\frac{b^k A + b^k B}{b^e} = \frac{A + B}{b^{e - k}}",
    template="every term of {numerator} has the factor {factor}, and so has the denominator {denominator}: "
             "it cancels",
    rewrite=cancel_power,
    on=(Mul,),
)
