"""A layer's backward pass (`derive layernorm --backward`): the derivative of sum_j g_j y_j by x_k,
derived with the layer's proven derivative along the same route as softmax's, checked by the
checker, as compact as the known form, and equal to sum_j g_j J_jk of the layer's proven Jacobian."""

from __future__ import annotations

import random

import mpmath
import pytest
from sympy import Float, Indexed, IndexedBase, Integer, Sum, count_ops

from derive.checker.checks import write_out_sums
from derive.checker.points import length_symbols
from derive.engine.run import DerivationError
from derive.functions.backward import vector_jacobian_route
from derive.functions.layer_backward import layer_backward
from derive.functions.catalog import derive_entry
from derive.functions.layer_jacobian import jacobian_at
from tests.commandline import run_cli

ONE_INDEX = ["l2-normalize", "rmsnorm", "layernorm"]
# the layers whose output and input differ in index or length: g is shaped as the output (g_l, g_c, g_i)
RECTANGULAR = ["attention-score", "attention-query", "attention-value", "linear"]
LAYERS = [*ONE_INDEX, "batchnorm", *RECTANGULAR]
# the gain gamma of every output (the Jacobian's instantiation takes one value for all) and epsilon: both
# exact in binary, so that either side reads them alike at any precision
GAIN, EPSILON = "1.75", "0.5"


@pytest.fixture(scope="module")
def backward():
    return {name: layer_backward(name) for name in LAYERS}


@pytest.mark.parametrize("name", LAYERS)
def test_each_backward_pass_is_proven_against_its_known_form(backward, name):
    derivation = backward[name]
    assert derivation.verified, [check.detail for check in derivation.verification.failures]
    subjects = {check.subject for check in derivation.verification.result}
    assert {"closed form", "result against sympy.diff"} <= subjects
    assert derivation.verification.steps and all(check.passed for check in derivation.verification.steps)


@pytest.mark.parametrize("name", LAYERS)
def test_each_backward_pass_is_as_compact_as_its_known_form(backward, name):
    derivation = backward[name]
    (_, known), = derivation.closed_form
    assert count_ops(derivation.unified) <= count_ops(known), (derivation.unified, known)
    assert len(derivation.unified.atoms(Sum)) <= len(known.atoms(Sum))
    if name != "attention-query":  # not only as short: the known form itself, term for term
        assert derivation.unified == known
    else:  # (1/sqrt(d)) sum_l a_l g_l (K_lu - sum_n a_n K_nu): the papers' sum_l a_l (g_l - sum_n g_n a_n) K_lu
        assert derivation.unified != known and "closed form" in {check.subject for check in
                                                                 derivation.verification.result if check.passed}


@pytest.mark.parametrize("name", LAYERS)
def test_each_backward_pass_follows_the_vector_jacobian_route_from_the_proven_derivative(backward, name):
    derivation = backward[name]
    proven = derive_entry(name)
    names = [step.rule.name for step in derivation.all_steps()]
    assert names[:3] == ["sum of derivatives", "constant factor rule", "proven derivative"]
    assert derivation.all_steps()[2].bindings["result"] == proven.unified  # the proven result, same indices
    assert set(names) <= {rule.name for rule in vector_jacobian_route(proven).rules}
    assert derivation.variable == proven.variable and derivation.definitions == proven.definitions


def _value(derivation, column: int, point, upstream, gain) -> mpmath.mpf:
    """The backward result at x = ``point``, g = ``upstream``, every gamma = ``gain``, for x_column."""
    expr = derivation.unified
    for definition in derivation.definitions:
        expr = definition.unfold(expr)
    (N,) = length_symbols(expr)
    (k,) = derivation.variable.indices
    expr = write_out_sums(expr.xreplace({N: Integer(len(point)), k: Integer(column)}))
    x, g = derivation.variable.base, IndexedBase("g")  # any other indexed input is a gain gamma_n
    values = {}
    for atom in expr.atoms(Indexed):
        (n,) = atom.indices
        values[atom] = Float({x: point, g: upstream}.get(atom.base, [gain] * len(point))[int(n) - 1], 40)
    values.update({symbol: Float(EPSILON, 40) for symbol in expr.free_symbols if str(symbol) == "epsilon"})
    return mpmath.mpf(str(expr.xreplace(values).evalf(40)))


@pytest.mark.parametrize("name", ONE_INDEX)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_backward_pass_is_g_times_the_proven_jacobian_at_random_points(backward, name, seed):
    draw = random.Random(seed)
    size = draw.choice([2, 3, 4, 5])
    point = [str(draw.uniform(-3, 3)) for _ in range(size)]
    upstream = [str(draw.uniform(-2, 2)) for _ in range(size)]
    with mpmath.workdps(40):
        jacobian = jacobian_at(derive_entry(name), point, {"gamma": GAIN, "epsilon": EPSILON})
        for column in range(1, size + 1):
            wanted = mpmath.fsum(mpmath.mpf(upstream[row]) * jacobian[row][column - 1] for row in range(size))
            got = _value(backward[name], column, point, upstream, GAIN)
            assert abs(got - wanted) <= mpmath.mpf("1e-25") * max(1, abs(wanted)), (name, seed, column, got, wanted)


def test_a_layer_without_a_known_backward_pass_is_refused():
    with pytest.raises(DerivationError, match="no backward pass"):
        layer_backward("linear-backward")


def _instantiated(expr, derivation, sizes: dict, values: dict, draw):
    """``expr`` with the names unfolded, the lengths set to ``sizes`` (by name), the sums written
    out, and every array entry and constant given a value: ``values`` keeps one per entry, drawn
    by ``draw`` when first met, so the two sides read the same numbers."""
    for definition in derivation.definitions:
        expr = definition.unfold(expr)
    expr = write_out_sums(expr.xreplace({symbol: Integer(sizes[str(symbol)]) for symbol in expr.free_symbols
                                         if str(symbol) in sizes}))
    for atom in expr.atoms(Indexed):
        values.setdefault(atom, Float(draw.uniform(-2, 2), 40))
    for symbol in expr.free_symbols:
        values.setdefault(symbol, Float(draw.uniform(0.5, 2), 40))
    return mpmath.mpf(str(expr.xreplace(values).evalf(40)))


@pytest.mark.parametrize("name", RECTANGULAR)
@pytest.mark.parametrize("seed", [1, 2])
def test_a_rectangular_backward_pass_is_g_times_the_proven_derivative_at_random_points(backward, name, seed):
    """sum_j g_j dy_j/dx at random arrays, with g shaped as the output: each output index summed over
    its own length (o_c: c to d; linear's y_i: i to M), every input index set to 1 or 2."""
    from derive.functions.layer_backward import backward_shape
    from derive.functions.catalog import CATALOG

    draw = random.Random(seed)
    sizes = {"L": draw.choice([2, 3, 4]), "d": draw.choice([2, 3]), "M": draw.choice([2, 3]), "N": draw.choice([2, 3])}
    proven, derivation = derive_entry(name), backward[name]
    j, length, g_j = backward_shape(proven, dict(CATALOG[name].build().lengths))
    assert g_j.base == IndexedBase("g") and j in g_j.indices
    for _ in range(3):
        at = {index: Integer(draw.choice([1, 2])) for index in proven.variable.indices}
        values = {}
        with mpmath.workdps(40):
            got = _instantiated(derivation.unified.xreplace(at), derivation, sizes, values, draw)
            wanted = mpmath.fsum(_instantiated((g_j * proven.unified).xreplace({**at, j: Integer(row)}), proven, sizes,
                                               values, draw)
                                 for row in range(1, sizes[str(length)] + 1))
        assert abs(got - wanted) <= mpmath.mpf("1e-25") * max(1, abs(wanted)), (name, seed, at, got, wanted)


@pytest.mark.parametrize("name, gradient, length", [("attention-score", "g[l]", "L"), ("attention-query", "g[l]", "L"),
                                                    ("attention-value", "g[c]", "d"), ("linear", "g[i]", "M"),
                                                    ("batchnorm", "g[i, c]", "B"), ("layernorm", "g[j]", "N")])
def test_the_gradient_is_shaped_as_the_output_and_summed_over_its_declared_length(name, gradient, length):
    from derive.functions.layer_backward import backward_shape
    from derive.functions.catalog import CATALOG

    _, N, g_j = backward_shape(derive_entry(name), dict(CATALOG[name].build().lengths))
    assert str(g_j) == gradient and str(N) == length


def test_a_length_said_nowhere_is_not_guessed():
    """attention-value's o_c: c runs to d, which sum_n a_n V_nc does not say; undeclared, it is refused."""
    from derive.functions.layer_backward import backward_shape

    with pytest.raises(ValueError, match="neither declared"):
        backward_shape(derive_entry("attention-value"))
    with pytest.raises(ValueError, match="neither declared"):
        backward_shape(derive_entry("linear"))


def test_linear_backward_pass_agrees_with_linear_backward_derived_from_the_loss(backward):
    """linear --backward (sum_i g_i dy_i/dW_jk with the proven dy_i/dW_jk) and the entry
    linear-backward (the loss sum_i g_i y_i differentiated directly) reach the same g_j x_k."""
    direct = derive_entry("linear-backward")
    assert direct.verified and backward["linear"].verified
    assert backward["linear"].unified == direct.unified
    assert backward["linear"].variable == direct.variable


@pytest.mark.parametrize("name", LAYERS)
def test_derive_layer_backward_says_proven_and_exits_0(name, capsys):
    code, out, err = run_cli([name, "--backward"], capsys)
    assert code == 0, err
    assert "Check: PROVEN" in out and f"The backward pass of {name}" in out and err == ""


@pytest.mark.parametrize("others", [["--size", "3", "--at", "1,2,4"], ["--at", "1,2,4"], ["--size", "1"], ["--order", "2"],
                                    ["--hessian"], ["--emit", "numpy"]])
def test_backward_with_another_derivative_option_is_refused_in_one_line(others, capsys):
    code, out, err = run_cli(["layernorm", "--backward", *others], capsys)
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith("derive: error: "), err
    assert out == "" and others[0] in err


@pytest.mark.parametrize("fmt, mark", [("latex", r"\begin{document}"), ("markdown", "checks passed"), ("html", "<html"),
                                       ("json", '"verified": true')])
def test_the_backward_pass_prints_in_every_format(fmt, mark, capsys):
    code, out, err = run_cli(["l2-normalize", "--backward", "--format", fmt], capsys)
    assert code == 0 and mark in out, err


def test_a_layer_in_other_letters_gets_the_same_steps_in_its_letters():
    """Nothing is written for one layer: l2-normalize with input u, output v, norm s, output index p
    and input index q (the gradient keeps its letter g), registered as a new entry, gives the same
    rules in the same order, its steps in its own letters."""
    from sympy import KroneckerDelta, Symbol, sqrt, true

    from derive.functions import catalog
    from derive.rules import Definition

    p, q, t = (Symbol(letter, integer=True) for letter in "pqt")
    M = Symbol("M", integer=True, positive=True)
    u, v, g = IndexedBase("u"), IndexedBase("v"), IndexedBase("g")
    s = Symbol("s", positive=True)
    definitions = (Definition(v[p], u[p] / s, p), Definition(s, sqrt(Sum(u[t]**2, (t, 1, M)))))
    closed = ((true, (KroneckerDelta(p, q) - v[p] * v[q]) / s),)
    known = ((true, (g[q] - v[q] * Sum(g[p] * v[p], (p, 1, M))) / s),)
    problem = catalog.Problem(v[p], u[q], closed, definitions, (), catalog.QUOTIENT, known)
    catalog.register(catalog.Entry("renamed-l2", "l2-normalize in other letters", lambda: problem,
                                   takes=catalog.LAYER_BACKWARD))
    try:
        renamed = layer_backward("renamed-l2")
    finally:
        catalog.CATALOG.pop("renamed-l2")
    original = layer_backward("l2-normalize")
    assert renamed.verified and renamed.unified == known[0][1]
    assert [step.rule.name for step in renamed.all_steps()] == [step.rule.name for step in original.all_steps()]
    text = " ".join(step.justification for step in renamed.all_steps())
    assert "u_q" in text and "v_p" in text and "x_k" not in text and "y_j" not in text


@pytest.mark.parametrize("name", ["layernorm", "rmsnorm"])
def test_a_wrong_last_step_is_caught_and_never_proven(backward, name):
    """The last step's result with one sign turned: that step, the closed form and sympy.diff all fail."""
    from dataclasses import replace

    from derive.checker.checks import verify

    derivation = backward[name]
    last = derivation.steps[-1]
    wrong = last.after.xreplace({IndexedBase("g")[derivation.variable.indices[0]]: -IndexedBase("g")[
        derivation.variable.indices[0]]})
    assert wrong != last.after
    steps = derivation.steps[:-1] + (replace(last, after=wrong),)
    corrupted = verify(replace(derivation, steps=steps, result=wrong, verification=None))
    assert not corrupted.verified
    failed = {check.subject for check in corrupted.verification.failures}
    assert {f"step {len(steps)} ({last.rule.name})", "closed form", "result against sympy.diff"} <= failed
