"""unfold a named part under a derivative: d F(mu) / dx is d F(body of mu) / dx, one name at a time"""

from sympy import Derivative, IndexedBase, Sum, Symbol, sqrt

from derive.rules import Context, Definition
from derive.rules.definitions.unfold_definition import unfold_definition_rule

j, k, l = (Symbol(letter, integer=True) for letter in "jkl")
N = Symbol("N", integer=True)
x, xhat = IndexedBase("x"), IndexedBase("xhat")
mu, sigma, c = Symbol("mu"), Symbol("sigma"), Symbol("c")
MEAN = Definition(mu, Sum(x[l], (l, 1, N)) / N)
HAT = Definition(xhat[j], (x[j] - mu) / sigma, j)
CONTEXT = Context((HAT, MEAN))


def d(f, v):
    return Derivative(f, v, evaluate=False)


def test_unfold_definition_writes_out_a_plain_name_under_the_derivative(justifies):
    node = d(2 * mu, x[k])
    rewrite = unfold_definition_rule.apply(node, CONTEXT)
    assert rewrite.after == d(2 * Sum(x[l], (l, 1, N)) / N, x[k])
    assert rewrite.bindings == {"name": mu, "body": Sum(x[l], (l, 1, N)) / N, "x": x[k]}
    justifies(unfold_definition_rule, rewrite, node)


def test_unfold_definition_writes_out_an_indexed_name_at_its_own_index():
    rewrite = unfold_definition_rule.apply(d(xhat[k], x[k]), CONTEXT)
    assert rewrite.after == d((x[k] - mu) / sigma, x[k])


def test_unfold_definition_does_not_apply_where_the_name_does_not_depend_on_the_variable():
    constant = Definition(c, sqrt(Symbol("eps")))
    assert unfold_definition_rule.apply(d(c * x[j], x[k]), Context((constant,))) is None
    assert unfold_definition_rule.apply(d(mu, Symbol("y")), CONTEXT) is None


def test_unfold_definition_does_not_apply_without_a_name_or_a_definition():
    assert unfold_definition_rule.apply(d(x[j] ** 2, x[k]), CONTEXT) is None
    assert unfold_definition_rule.apply(d(mu, x[k]), Context()) is None
    assert unfold_definition_rule.apply(mu + 1, CONTEXT) is None


def test_unfold_definition_does_not_apply_to_a_function_with_a_rule_of_its_own():
    from sympy import Function, exp

    sigmoid, t = Function("sigma"), Symbol("t")
    definition = Definition(sigmoid(t), 1 / (1 + exp(-t)), t)
    assert unfold_definition_rule.apply(d(sigmoid(t) * 2, t), Context((definition,))) is None


def test_unfold_definition_sees_a_dependence_through_another_name():
    """a_l depends on q through the score s_l it is written in."""
    from sympy import exp

    a, s, q = IndexedBase("a"), IndexedBase("s"), IndexedBase("q")
    weights = Definition(a[j], exp(s[j]), j)
    scores = Definition(s[j], 2 * q[j], j)
    rewrite = unfold_definition_rule.apply(d(a[j], q[k]), Context((weights, scores)))
    assert rewrite is not None and rewrite.after == d(exp(s[j]), q[k])


def test_unfold_definition_leaves_a_kept_name_whose_derivative_is_proven_on_its_own():
    """mu kept (its lemma proven): not written out; xhat, not kept, still is, at its own index."""
    kept = Context((HAT, MEAN), kept=frozenset({mu}))
    assert unfold_definition_rule.apply(d(2 * mu, x[k]), kept) is None
    rewrite = unfold_definition_rule.apply(d(xhat[k] * mu, x[k]), kept)
    assert rewrite.after == d((x[k] - mu) / sigma * mu, x[k])
    both = Context((HAT, MEAN), kept=frozenset({mu, xhat[j]}))
    assert unfold_definition_rule.apply(d(xhat[k] * mu, x[k]), both) is None
