"""The engine, tested with toy rules on plain SymPy symbols, then on the real route.

The toy rules rewrite one symbol into another; they know nothing of calculus. A toy
'strip' rule turns the Derivative the engine starts from into its expression, so that
a derivation can finish without a calculus rule.
"""

import sympy
from sympy import Derivative, Eq, Indexed, IndexedBase, KroneckerDelta, Ne, Sum, Tuple, airyai, exp, symbols

import pytest

import derive
from derive.engine import run as engine
from derive.engine.run import DerivationError, NoRuleApplies, Route, derive as run_route, replace_at, walk
from derive.functions.notation import Notation
from derive.engine.routes import QUOTIENT
from derive.checker.checks import numeric_equal
from derive.rules import Branch, Rewrite, Rule
from slow import endless, slow_over_constants

a, b, c, u, v, x, y = symbols("a b c u v x y")


def rename(old, new):
    """A toy rule: the symbol ``old`` is written ``new``."""
    def rewrite(node, context):
        return Rewrite(new, {"old": old, "new": new}) if node == old else None
    return Rule(name=f"{old} to {new}", law=f"{old} = {new}", template="{old} is written {new}", rewrite=rewrite)


def strip_derivative(node, context):
    if isinstance(node, Derivative):
        return Rewrite(node.expr, {"f": node.expr})
    return None


STRIP = Rule(name="strip", law="d f = f", template="toy: {f} loses its derivative", rewrite=strip_derivative)
A_TO_B, B_TO_C, B_TO_A, C_TO_U = rename(a, b), rename(b, c), rename(b, a), rename(c, u)


def split_on(symbol, when_zero, otherwise):
    """A toy rule that branches: ``symbol`` becomes ``when_zero`` if y = 0 and ``otherwise`` if not."""
    def rewrite(node, context):
        if node != symbol:
            return None
        return Rewrite(None, {"s": symbol}, branches=(Branch(Eq(y, 0), when_zero), Branch(Ne(y, 0), otherwise)))
    return Rule(name=f"split {symbol}", law="cases", template="{s} depends on whether y is 0", rewrite=rewrite)


def names(steps):
    return [step.rule.name for step in steps]


def assert_chained(derivation):
    """Every step starts where the one before it ended, in the shared part and in every case."""
    shared = derivation.steps
    for before, after in zip(shared, shared[1:]):
        assert after.before == before.after
    start = shared[-1].after if shared else Derivative(derivation.expression, derivation.variable)
    for case in derivation.cases:
        assert case.steps[0].before == start
        for before, after in zip(case.steps, case.steps[1:]):
            assert after.before == before.after
        assert case.steps[-1].after == case.result
        assert case.steps[-1].case == case.relation
        for step in case.steps:  # a nested split conjoins its relation to the one in force
            assert step.case == case.relation or step.case in case.relation.args


# --- walk and replace_at -----------------------------------------------------------------

def test_walk_visits_outermost_first_left_to_right():
    expr = Tuple(a, Tuple(b, c))
    assert [node for _, node in walk(expr)] == [expr, a, Tuple(b, c), b, c]
    assert [path for path, _ in walk(expr)] == [(), (0,), (1,), (1, 0), (1, 1)]


def test_replace_at_replaces_only_the_node_at_the_path():
    expr = a * u + a * v
    twins = [path for path, node in walk(expr) if node == a]
    assert len(twins) == 2
    first, second = twins
    assert replace_at(expr, second, b) == a * u + b * v
    assert replace_at(expr, first, b) == b * u + a * v
    assert replace_at(Tuple(a, a), (1,), b) == Tuple(a, b)
    assert replace_at(expr, (), c) == c


def test_replace_at_inside_an_unevaluated_derivative_keeps_it_unevaluated():
    expr = Derivative(a * x, x, evaluate=False)
    path = next(path for path, node in walk(expr) if node == a)
    replaced = replace_at(expr, path, b)
    assert replaced == Derivative(b * x, x, evaluate=False)
    assert isinstance(replaced, Derivative)


# --- the engine with toy rules ----------------------------------------------------------

def test_earlier_rules_are_tried_first():
    first_b = run_route(a + b, x, Route("b first", (STRIP, B_TO_C, A_TO_B)))
    assert names(first_b.steps) == ["strip", "b to c", "a to b", "b to c"]
    assert [step.after for step in first_b.steps] == [a + b, a + c, b + c, 2 * c]
    first_a = run_route(a + b, x, Route("a first", (STRIP, A_TO_B, B_TO_C)))
    assert names(first_a.steps) == ["strip", "a to b", "b to c"]
    assert [step.after for step in first_a.steps] == [a + b, 2 * b, 2 * c]
    assert first_a.result == first_b.result == 2 * c


def test_rule_order_beats_position_in_the_tree():
    """'strip' would apply at the root, but 'a to b' comes first in the route, so it goes first."""
    derivation = run_route(a, x, Route("toy", (A_TO_B, STRIP)))
    assert names(derivation.steps) == ["a to b", "strip"]
    assert derivation.steps[0].after == Derivative(b, x, evaluate=False)
    assert derivation.steps[0].node == a


def test_one_rule_application_per_step():
    derivation = run_route(a * u + a * v, x, Route("toy", (STRIP, A_TO_B)))
    assert names(derivation.steps) == ["strip", "a to b", "a to b"]
    _, once, twice = derivation.steps
    assert once.before == a * u + a * v
    assert once.after == a * v + b * u  # only the first a, in walk order
    assert once.node == a and once.bindings == {"old": a, "new": b}
    assert twice.after == b * u + b * v
    assert derivation.result == b * u + b * v
    assert_chained(derivation)


def test_steps_record_the_whole_expression():
    derivation = run_route(a * u, x, Route("toy", (STRIP, A_TO_B, B_TO_C)))
    assert [(s.before, s.after, s.node) for s in derivation.steps] == [
        (Derivative(a * u, x, evaluate=False), a * u, Derivative(a * u, x, evaluate=False)),
        (a * u, b * u, a),
        (b * u, c * u, b),
    ]
    assert all(step.case is None for step in derivation.steps)
    assert derivation.start == Derivative(a * u, x, evaluate=False)


def test_a_branching_rule_splits_into_cases_each_carried_on():
    derivation = run_route(a + v, x, Route("toy", (STRIP, split_on(a, b, c), rename(b, u))))
    assert names(derivation.steps) == ["strip"]
    assert [case.relation for case in derivation.cases] == [Eq(y, 0), Ne(y, 0)]
    zero, other = derivation.cases
    assert names(zero.steps) == ["split a", "b to u"]
    assert zero.result == u + v
    assert names(other.steps) == ["split a"]
    assert other.result == c + v
    assert derivation.result == sympy.Piecewise((u + v, Eq(y, 0)), (c + v, Ne(y, 0)))
    assert derivation.result.args[1].cond == sympy.true  # SymPy writes the last case as "otherwise"
    assert derivation.merge is None and derivation.unified == derivation.result
    assert_chained(derivation)
    assert names(derivation.all_steps()) == ["strip", "split a", "b to u", "split a"]


def test_nested_splits_conjoin_their_relations():
    other_split = Rule(name="split b", law="cases", template="{s}", rewrite=lambda node, ctx: Rewrite(
        None, {"s": b}, branches=(Branch(Eq(x, 0), u), Branch(Ne(x, 0), v))) if node == b else None)
    derivation = run_route(a, x, Route("toy", (STRIP, split_on(a, b, c), other_split)))
    relations = [case.relation for case in derivation.cases]
    assert relations == [sympy.And(Eq(y, 0), Eq(x, 0)), sympy.And(Eq(y, 0), Ne(x, 0)), Ne(y, 0)]
    assert [case.result for case in derivation.cases] == [u, v, c]
    assert_chained(derivation)


def test_the_engine_offers_a_rule_only_the_node_types_it_declares():
    seen = []

    def record(node, context):
        seen.append(node)
        return None

    looking = Rule(name="look at symbols", law="", template="", rewrite=record, on=(sympy.Symbol,))
    run_route(a * u + v, x, Route("toy", (looking, STRIP)))
    assert seen and all(isinstance(node, sympy.Symbol) for node in seen)
    assert {a, u, v} <= set(seen)


def test_no_rule_applies_names_the_left_over_derivative():
    with pytest.raises(NoRuleApplies) as caught:
        run_route(a, x, Route("toy", (A_TO_B,)))
    assert caught.value.node == Derivative(b, x, evaluate=False)
    assert "Derivative(b, x)" in str(caught.value) and "'toy'" in str(caught.value)


def test_no_airy_function_rule_on_the_quotient_route():
    with pytest.raises(NoRuleApplies) as caught:
        run_route(airyai(x + y), x, QUOTIENT)
    assert caught.value.node == Derivative(airyai(x + y), x, evaluate=False)
    assert "Derivative(airyai(x + y), x)" in str(caught.value)
    assert "quotient" in str(caught.value)
    assert isinstance(caught.value, DerivationError)


def test_no_rule_applies_names_the_inner_derivative_it_is_stuck_on():
    """d/dx (e^x Ai(y x)): the product and exponential rules work; d Ai(y x)/dx is what is left."""
    with pytest.raises(NoRuleApplies) as caught:
        derive.differentiate(exp(x) * airyai(x * y), x)
    assert caught.value.node == Derivative(airyai(x * y), x, evaluate=False)


def test_step_budget_stops_a_looping_rule_pair(monkeypatch):
    monkeypatch.setattr(engine, "MAX_STEPS", 40)
    with pytest.raises(DerivationError) as caught:
        run_route(a, x, Route("loop", (STRIP, A_TO_B, B_TO_A)))
    assert not isinstance(caught.value, NoRuleApplies)
    assert "'loop'" in str(caught.value) and "40" in str(caught.value)


def test_default_step_budget_also_stops_the_loop():
    with pytest.raises(DerivationError, match="did not finish"):
        run_route(a, x, Route("loop", (STRIP, A_TO_B, B_TO_A)))


# --- the real route -------------------------------------------------------------------

SOFTMAX_RULES = [
    "quotient rule", "sum of derivatives", "exponential rule", "indexed variable rule",
    "exponential rule", "indexed variable rule", "kronecker delta collapse",
    # j = k
    "case split", "factor out a common factor", "split the fraction", "split the difference", "cancel",
    "fold into the definition", "fold into the definition",
    # j != k
    "case split", "split the fraction", "fold into the definition", "fold into the definition",
    "merge the cases",
]


def test_softmax_rule_sequence():
    derivation = derive.softmax(check=False)
    assert names(derivation.all_steps()) == SOFTMAX_RULES
    assert len(derivation.steps) == 7
    assert_chained(derivation)
    assert derivation.merge.before == derivation.result


RENAMED = Notation(name="renamed", function="p", input="o", sample="n", output="a", wrt="b",
                   summation="m", length="N")


def test_renamed_symbols_give_the_same_rule_sequence():
    default = derive.softmax(check=False)
    renamed = derive.softmax(notation=RENAMED, check=False)
    assert names(renamed.all_steps()) == names(default.all_steps())
    assert [case.relation for case in renamed.cases] == [Eq(symbols("a", integer=True), symbols("b", integer=True)),
                                                       Ne(symbols("a", integer=True), symbols("b", integer=True))]


def test_renamed_derivation_speaks_in_the_new_letters():
    renamed = derive.softmax(notation=RENAMED)
    assert renamed.verified
    n, a_, b_, m = symbols("n a b m", integer=True)
    N = symbols("N", integer=True, positive=True)
    o, p = IndexedBase("o"), IndexedBase("p")
    assert renamed.expression == exp(o[n, a_]) / Sum(exp(o[n, m]), (m, 1, N))
    assert renamed.variable == o[n, b_]
    assert o[n, a_] in renamed.steps[0].before.atoms(Indexed)
    assert renamed.unified == p[n, a_] * (KroneckerDelta(a_, b_) - p[n, b_])
    for step in renamed.all_steps():
        for expr in (step.before, step.after):
            labels = {str(atom.base) for atom in expr.atoms(Indexed)}
            assert labels <= {"o", "p"}, (step.rule.name, expr)
            assert not {"z", "S"} & {str(s) for s in expr.free_symbols}, (step.rule.name, expr)
            assert not {"i", "j", "k", "l", "L"} & {str(s) for s in expr.free_symbols}, (step.rule.name, expr)


def test_plain_symbols_softmax_uses_the_same_rules():
    z1, z2, z3 = symbols("z1 z2 z3")
    expression = exp(z1) / (exp(z1) + exp(z2) + exp(z3))
    derivation = derive.differentiate(expression, z1)
    used = names(derivation.all_steps())
    assert used[0] == "quotient rule"
    assert {"sum rule", "constant rule", "exponential rule", "variable rule"} <= set(used)
    assert derivation.verified
    assert derivation.cases == ()
    assert_chained(derivation)
    assert derivation.steps[0].before == Derivative(expression, z1, evaluate=False)
    assert not derivation.result.has(Derivative)
    truth = sympy.diff(expression, z1)
    passed, detail = numeric_equal(derivation.result, truth)
    assert passed, detail
    point = {z1: 0.3, z2: -1.1, z3: 0.7}
    assert abs(float(derivation.result.doit().subs(point)) - float(truth.subs(point))) < 1e-12


def test_plain_symbols_constant_rule_drops_the_other_inputs():
    z1, z2, z3 = symbols("z1 z2 z3")
    derivation = derive.differentiate(exp(z1) / (exp(z1) + exp(z2) + exp(z3)), z1)
    constants = [step.bindings["c"] for step in derivation.all_steps() if step.rule.name == "constant rule"]
    assert sorted(constants, key=str) == [exp(z2), exp(z3)]


def test_a_rewrite_has_an_expression_after_it_or_branches_never_neither():
    from sympy import Gt, Symbol
    x = Symbol("x")
    with pytest.raises(ValueError):
        Rewrite(None)
    with pytest.raises(ValueError):
        Rewrite(x, branches=(Branch(Gt(x, 0), x),))
    assert Rewrite(x).after == x


def test_a_derivation_past_its_time_bound_stops_with_a_clear_error(monkeypatch):
    """SymPy can work for minutes on a constant while a step rebuilds the expression
    (log((1/27)^(asin(pi)^2)) under a max): the derivation has a time bound, and past it stops
    with TooSlow, which the command reports in one line with exit code 2."""
    import time

    import derive
    from derive.engine import run as engine

    monkeypatch.setattr(engine, "_run", endless)
    monkeypatch.setattr(engine, "DERIVE_SECONDS", 0.2)
    x = symbols("x")
    started = time.monotonic()
    with pytest.raises(derive.TooSlow, match="was not found within 0.2 s"):
        derive.differentiate(x**2, x)
    assert time.monotonic() - started < 5
    assert isinstance(derive.TooSlow(x, x, 1), derive.DerivationError)


def test_a_derivation_slow_over_its_constants_starts_again_with_them_held(monkeypatch):
    """Past PLAIN_SECONDS, the derivation starts again with each constant part held as a symbol,
    and the constants are put back in every step: what the user reads, and what is checked,
    names log(3) and sqrt(2), never a stand-in, and still starts from d/dx of what was typed."""
    from sympy import Dummy, log, sin, sqrt
    monkeypatch.setattr(engine, "_derive", slow_over_constants(engine._derive))
    monkeypatch.setattr(engine, "PLAIN_SECONDS", 0.2)
    x = symbols("x")
    function = x * log(3) + sin(sqrt(2) * x)
    derivation = derive.differentiate(function, x)
    assert derivation.verified, derivation.verification.failures
    assert derivation.steps[0].before == Derivative(function, x)
    for step in derivation.steps:
        for expr in (step.before, step.after, step.node, *step.bindings.values()):
            assert not getattr(expr, "atoms", lambda _: ())(Dummy)
    assert derivation.result.has(log(3)) and derivation.result.has(sqrt(2))
    assert numeric_equal(derivation.result, log(3) + sqrt(2) * sympy.cos(sqrt(2) * x))[0] is True


def test_every_step_records_its_focus_the_node_at_its_path_and_what_replaced_it():
    from derive.engine.run import replace_at
    import derive

    derivation = derive.softmax()
    for step in derivation.steps + tuple(s for case in derivation.cases for s in case.steps):
        at = step.before
        for position in step.path:
            at = at.args[position]
        assert at == step.node
        assert step.replacement is not None
        assert replace_at(step.before, step.path, step.replacement) == step.after
