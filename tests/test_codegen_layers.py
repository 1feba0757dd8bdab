"""Code for the indexed catalog entries and the layers (derive layernorm --emit numpy|torch):
forward, jacobian and backward, translated from the proven derivation. The generated module is
written to a file and imported; forward is compared with a direct NumPy computation of the
layer's definition (written here, independently), jacobian and backward with torch.autograd on
the generated torch forward, at random inputs, large inputs (1e3 + noise) and nearly constant
inputs (c + 1e-4 noise, where epsilon matters), in float64."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import numpy as np
import pytest

from derive.functions.catalog import derive_entry
from derive.functions.codegen import NUMPY, TORCH
from derive.functions.entry_code import entry_module

EPS = 1e-5


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def layernorm(x, gamma, beta):
    mu = x.mean(axis=-1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(((x - mu) ** 2).mean(axis=-1, keepdims=True) + EPS) + beta


def batchnorm(x, gamma, beta):
    mu = x.mean(axis=-2, keepdims=True)
    return gamma * (x - mu) / np.sqrt(((x - mu) ** 2).mean(axis=-2, keepdims=True) + EPS) + beta


def attention_weights(q, K):
    return softmax(K @ q / np.sqrt(q.shape[-1]))


# entry: (the shapes of its parameters, in the generated signature's order; the definition in NumPy)
ENTRIES = {
    "log-softmax": ({"z": (5,)}, lambda z: z - z.max() - np.log(np.exp(z - z.max()).sum())),
    "logsumexp": ({"z": (5,)}, lambda z: z.max() + np.log(np.exp(z - z.max()).sum())),
    "cross-entropy": ({"p": (5,), "y": (5,)}, lambda p, y: -(y * np.log(p)).sum()),
    "mse": ({"y": (5,), "t": (5,)}, lambda y, t: ((y - t) ** 2).mean()),
    "l2-normalize": ({"x": (5,)}, lambda x: x / np.linalg.norm(x)),
    "rmsnorm": ({"x": (5,), "gamma": (5,)}, lambda x, gamma: gamma * x / np.sqrt((x ** 2).mean() + EPS)),
    "layernorm": ({"x": (5,), "gamma": (5,), "beta": (5,)}, layernorm),
    "batchnorm": ({"x": (4, 3), "gamma": (3,), "beta": (3,)}, batchnorm),
    "attention-score": ({"s": (5,)}, softmax),
    "attention-query": ({"q": (4,), "K": (6, 4)}, attention_weights),
    "attention-value": ({"V": (6, 3), "q": (4,), "K": (6, 4)}, lambda V, q, K: attention_weights(q, K) @ V),
    "linear": ({"W": (3, 4), "x": (4,), "b": (3,)}, lambda W, x, b: W @ x + b),
    "linear-backward": ({"W": (3, 4), "x": (4,), "b": (3,), "g": (3,)}, lambda W, x, b, g: g @ (W @ x + b)),
}
# large: 1e3 + noise; wide: 1e3 times noise (softmax nearly one-hot there), for every entry but the
# cross-entropy, whose probabilities must stay positive
KINDS = ("random", "large", "nearly constant", "wide")
CASES = [(name, kind) for name in ENTRIES for kind in KINDS if kind != "wide" or name != "cross-entropy"]


def torch_or_fail():
    """torch, or a skip where it is not installed; under CI=true its absence fails the test."""
    if importlib.util.find_spec("torch") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PyTorch is not installed: CI installs it from the CPU wheel (.ci/run)")
        pytest.skip("PyTorch is not installed")
    import torch

    return torch


def load(code: str, tmp_path, name: str):
    """Write the generated code to a file and import it, as a user would."""
    path = tmp_path / f"{name.replace('-', '_')}_{abs(hash(code)) % 10**8}.py"
    path.write_text(code, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    generated = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = generated
    spec.loader.exec_module(generated)
    return generated


_DERIVED: dict = {}


def derived(name):
    if name not in _DERIVED:
        _DERIVED[name] = derive_entry(name)
        assert _DERIVED[name].verified
    return _DERIVED[name]


def inputs(name, kind, rng) -> list:
    """The parameters: the variable (first) drawn as ``kind`` says, the constants at random."""
    shapes, _ = ENTRIES[name]
    values = []
    for position, shape in enumerate(shapes.values()):
        noise = rng.standard_normal(shape)
        if position == 0 and kind == "large":
            value = 1e3 + noise
        elif position == 0 and kind == "nearly constant":
            value = 2.0 + 1e-4 * noise
        elif position == 0 and kind == "wide":
            value = 1e3 * noise
        else:
            value = noise
        if name == "cross-entropy" and position == 0 and kind == "random":
            value = rng.uniform(0.1, 1.0, shape)  # probabilities
        values.append(value)
    return values


@pytest.mark.parametrize("name", ENTRIES)
def test_the_signature_is_read_from_the_derivation(name, tmp_path):
    generated = load(entry_module(derived(name), NUMPY), tmp_path, name)
    import inspect

    parameters = list(inspect.signature(generated.forward).parameters)
    assert [p for p in parameters if p != "epsilon"] == list(ENTRIES[name][0])
    assert ("epsilon" in parameters) == (name in ("rmsnorm", "layernorm", "batchnorm"))
    backward = list(inspect.signature(generated.backward).parameters)
    assert backward[0] == parameters[0] and backward[2:] == parameters[1:]


@pytest.mark.parametrize("name, kind", CASES)
def test_numpy_forward_is_the_definition(name, kind, tmp_path):
    generated = load(entry_module(derived(name), NUMPY), tmp_path, name)
    rng = np.random.default_rng(20261205)
    values = inputs(name, kind, rng)
    ours, direct = generated.forward(*values), ENTRIES[name][1](*values)
    assert np.shape(ours) == np.shape(direct)
    assert np.allclose(ours, direct, rtol=1e-9, atol=1e-12 * max(1.0, np.abs(direct).max())), (ours, direct)


def _autograd_jacobian(torch, forward, values):
    first, rest = values[0], values[1:]
    return torch.autograd.functional.jacobian(lambda v: forward(v, *rest), first)


def _ours_as_full(name, jacobian, values):
    """Our Jacobian with the axes autograd gives (output axes, then input axes). batchnorm's keeps
    the channel once (dy_ic/dx_kc: no other channel moves y_ic), so it is spread over both."""
    if name != "batchnorm":
        return jacobian
    B, C = values[0].shape
    full = np.zeros((B, C, B, C))
    for c in range(C):
        full[:, c, :, c] = np.asarray(jacobian)[:, c, :]
    return full


@pytest.mark.parametrize("name, kind", CASES)
def test_jacobian_and_backward_match_torch_autograd(name, kind, tmp_path):
    torch = torch_or_fail()
    derivation = derived(name)
    numpy_code = load(entry_module(derivation, NUMPY), tmp_path, name)
    torch_code = load(entry_module(derivation, TORCH), tmp_path, name)
    rng = np.random.default_rng(7)
    values = inputs(name, kind, rng)
    tensors = [torch.tensor(value, dtype=torch.float64) for value in values]
    expected = _autograd_jacobian(torch, torch_code.forward, tensors).numpy()
    scale = max(1.0, np.abs(expected).max())
    for generated in (numpy_code, torch_code):
        ours = generated.jacobian(*(tensors if generated is torch_code else values))
        ours = _ours_as_full(name, np.asarray(ours), values)
        assert ours.shape == expected.shape
        assert np.allclose(ours, expected, rtol=1e-7, atol=1e-9 * scale), (name, kind)
    # backward: g times the Jacobian, against torch.autograd.grad of <g, forward>
    output = torch_code.forward(*tensors)
    g = torch.tensor(rng.standard_normal(tuple(output.shape)), dtype=torch.float64)
    first = tensors[0].clone().requires_grad_(True)
    (grad,) = torch.autograd.grad((torch_code.forward(first, *tensors[1:]) * g).sum(), first)
    for generated in (numpy_code, torch_code):
        arguments = tensors if generated is torch_code else values
        ours = np.asarray(generated.backward(arguments[0], g if generated is torch_code else g.numpy(), *arguments[1:]))
        assert ours.shape == tuple(grad.shape)
        assert np.allclose(ours, grad.numpy(), rtol=1e-7, atol=1e-9 * max(1.0, grad.abs().max().item())), (name, kind)


@pytest.mark.parametrize("name", ["layernorm", "log-softmax", "attention-value"])
def test_a_batch_of_inputs_gives_a_batch_of_results(name, tmp_path):
    generated = load(entry_module(derived(name), NUMPY), tmp_path, name)
    rng = np.random.default_rng(3)
    first = [inputs(name, "random", rng) for _ in range(3)]
    batch = [np.stack([values[0] for values in first])] + first[0][1:]
    for row, values in enumerate(first):
        values = [values[0]] + first[0][1:]
        assert np.allclose(generated.forward(*batch)[row], generated.forward(*values))
        assert np.allclose(generated.jacobian(*batch)[row], generated.jacobian(*values))


def test_large_inputs_do_not_overflow_where_a_shift_is_checked_harmless(tmp_path):
    code = entry_module(derived("logsumexp"), NUMPY)
    assert "moves the result by as much, added back" in code
    generated = load(code, tmp_path, "logsumexp")
    z = np.array([1000.0, 1001.0, 999.0])
    assert np.isclose(generated.forward(z), 1001 + np.log(np.exp(-1) + 1 + np.exp(-2)))
    assert np.all(np.isfinite(generated.jacobian(z)))
    assert "changes nothing" in entry_module(derived("log-softmax"), NUMPY)
    assert "_shifted" not in entry_module(derived("layernorm"), NUMPY)  # no e^x: nothing to shift


def test_log_softmax_of_wide_inputs_is_finite_as_the_log_is_taken_apart(tmp_path):
    code = entry_module(derived("log-softmax"), NUMPY)
    assert "np.log(_sum(np.exp(" in code.split("def forward")[1].split("def jacobian")[0]
    generated = load(code, tmp_path, "log_softmax")
    z = np.array([0.0, -2000.0, 1500.0])
    assert np.allclose(generated.forward(z), z - 1500.0)


def test_epsilon_is_a_keyword_with_pytorchs_default_and_matters_for_nearly_constant_inputs(tmp_path):
    generated = load(entry_module(derived("layernorm"), NUMPY), tmp_path, "layernorm")
    x = 2.0 + 1e-4 * np.random.default_rng(1).standard_normal(5)
    ones, zeros = np.ones(5), np.zeros(5)
    assert np.allclose(generated.forward(x, ones, zeros), generated.forward(x, ones, zeros, epsilon=1e-5))
    assert not np.allclose(generated.forward(x, ones, zeros), generated.forward(x, ones, zeros, epsilon=0.0))


def test_renaming_the_symbols_renames_the_code(tmp_path):
    """The layer written in other letters (u for x, h for gamma) gives the same code in those letters."""
    from sympy import IndexedBase

    from derive.checker.checks import verify
    from derive.engine.run import derive
    from derive.functions.catalog import _layer
    from derive.rules import Definition

    swap = {IndexedBase("x"): IndexedBase("u"), IndexedBase("gamma"): IndexedBase("h")}
    problem = _layer("rmsnorm")()
    definitions = tuple(Definition(d.name, d.body.xreplace(swap), d.index) for d in problem.definitions)
    renamed = verify(derive(problem.expression.xreplace(swap), problem.variable.xreplace(swap), problem.route,
                            definitions=definitions,
                            closed_form=tuple((c, e.xreplace(swap)) for c, e in problem.closed_form)))
    assert renamed.verified
    code = entry_module(renamed, NUMPY)
    assert "def forward(u, h, epsilon=1e-05):" in code and "def backward(u, g, h, epsilon=1e-05):" in code
    assert "gamma" not in code
    original = load(entry_module(derived("rmsnorm"), NUMPY), tmp_path, "rmsnorm")
    generated = load(code, tmp_path, "rmsnorm_renamed")
    x, gain = np.random.default_rng(5).standard_normal((2, 5))
    assert np.allclose(generated.jacobian(x, gain), original.jacobian(x, gain))


@pytest.mark.parametrize("name", ["log-softmax", "l2-normalize", "rmsnorm", "layernorm", "batchnorm",
                                  "attention-score"])
def test_backward_takes_the_entry_a_delta_picks_and_never_builds_the_jacobian(name):
    """sum_j g_j delta_jk A_j is g_k A_k, and factors free of j stay outside the sum: backward's
    memory grows with N, not N^2 (the Jacobian's own function does build the N x N matrix)."""
    code = entry_module(derived(name), NUMPY)
    backward = code.split("def backward(")[1]
    jacobian = code.split("def jacobian(")[1].split("def backward(")[0]
    assert "_delta(" in jacobian and "_delta(" not in backward
    assert ", 3)" not in backward if name != "batchnorm" else ", 4)" not in backward  # no scope of rank 3 (4)


def test_backward_of_a_wide_layer_is_quick_and_right(tmp_path):
    generated = load(entry_module(derived("layernorm"), NUMPY), tmp_path, "layernorm")
    rng = np.random.default_rng(11)
    x, g, gamma, beta = rng.standard_normal((4, 20000))
    ours = generated.backward(x, g, gamma, beta)
    mu, sigma = x.mean(), np.sqrt(x.var() + EPS)
    xhat, gy = (x - mu) / sigma, g * gamma  # the textbook backward of LayerNorm, written here to compare
    assert np.allclose(ours, (gy - gy.mean() - xhat * (gy * xhat).mean()) / sigma, rtol=1e-9, atol=1e-12)


def test_the_bench_of_the_code_runs_and_its_backward_agrees_with_autograd():
    torch_or_fail()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import emit as bench

    rows = bench.running(["layernorm", "logsumexp"], runs=1, batch=2, width=4)
    assert rows["layernorm"]["agrees"] and rows["logsumexp"]["agrees"]
    assert rows["layernorm"]["torch_vs_autograd"] > 0  # a ratio, printed; no bound on time


def test_derive_expr_of_indexed_inputs_emits_the_same_code_as_the_catalog(tmp_path, capsys):
    """derive expr with the layer's parts given by --where writes code that computes what the
    catalog's layernorm code computes."""
    from commandline import run_cli

    code, out, err = run_cli(["expr", "gamma[j]*xhat[j] + beta[j]", "--wrt", "x[k]",
                              "--where", "mu = Sum(x[l], (l, 1, N))/N",
                              "--where", "sigma = sqrt(Sum((x[m] - mu)**2, (m, 1, N))/N + epsilon)",
                              "--where", "xhat[j] = (x[j] - mu)/sigma", "--emit", "numpy"], capsys)
    assert code == 0, err
    ours = load(out, tmp_path, "layernorm_expr")
    catalog = load(entry_module(derived("layernorm"), NUMPY), tmp_path, "layernorm")
    x, g, gamma, beta = np.random.default_rng(2).standard_normal((4, 6))
    assert "def forward(x, beta, gamma, epsilon=1e-05):" in out  # no legend: the constants by name
    for name in ("forward", "jacobian"):
        assert np.allclose(getattr(ours, name)(x, gamma=gamma, beta=beta, epsilon=1e-3),
                           getattr(catalog, name)(x, gamma, beta, epsilon=1e-3))
    assert np.allclose(ours.backward(x, g, gamma=gamma, beta=beta), catalog.backward(x, g, gamma, beta))


def test_functions_applied_entry_by_entry_are_translated_and_match_autograd(tmp_path, capsys):
    from commandline import run_cli

    torch = torch_or_fail()
    code, out, err = run_cli(["expr", "tanh(x[j])*sec(x[j]) + Sum(sin(x[l]), (l, 1, N))", "--wrt", "x[k]",
                              "--emit", "torch"], capsys)
    assert code == 0, err
    generated = load(out, tmp_path, "elementwise")
    x = torch.tensor(np.random.default_rng(4).uniform(-1, 1, 5))
    expected = torch.autograd.functional.jacobian(generated.forward, x)
    assert torch.allclose(generated.jacobian(x), expected, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("argv, words", [
    (["expr", "x[1]*x[j]", "--wrt", "x[k]"], "x[1]: an index without an axis"),
    (["expr", "Max(x[j], 0)", "--wrt", "x[k]"], "no array form for Piecewise"),
    (["expr", "x[j]*x[k]", "--wrt", "x[k]"], "needs an index of its own"),  # y_jk moves with x_j too
])
def test_what_the_translator_has_no_form_for_is_refused_in_one_line(argv, words, capsys):
    from commandline import run_cli

    code, out, err = run_cli([*argv, "--emit", "numpy"], capsys)
    assert code == 2 and out == "" and err.strip().splitlines() == [f"derive: error: no numpy code for it: "
                                                                    f"{err.split('for it: ')[1].strip()}"]
    assert words in err


def test_an_output_of_two_indices_sums_both_in_backward_and_matches_autograd(tmp_path, capsys):
    from commandline import run_cli

    torch = torch_or_fail()
    code, out, err = run_cli(["expr", "x[j]*y[j, k] + exp(x[j])", "--wrt", "x[m]", "--emit", "torch"], capsys)
    assert code == 0, err
    assert "Σ[j=1..size_j] Σ[k=1..size_k]" in out
    generated = load(out, tmp_path, "two_indices")
    rng = np.random.default_rng(8)
    x, y, g = (torch.tensor(rng.standard_normal(shape)) for shape in ((3,), (3, 4), (3, 4)))
    expected = torch.autograd.functional.jacobian(lambda v: generated.forward(v, y), x)
    assert torch.allclose(generated.jacobian(x, y), expected)
    first = x.clone().requires_grad_(True)
    (grad,) = torch.autograd.grad((generated.forward(first, y) * g).sum(), first)
    assert torch.allclose(generated.backward(x, g, y), grad)


ONE_INDEX = ["log-softmax", "logsumexp", "l2-normalize", "rmsnorm", "layernorm", "attention-score"]


@pytest.mark.parametrize("name", ONE_INDEX)
def test_any_width_and_any_batch_shape_match_autograd(name, tmp_path):
    """Widths 1 to 7 and batch shapes of up to two axes, drawn by hypothesis: the torch jacobian
    and backward against torch.autograd, batch entry by batch entry."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    torch = torch_or_fail()
    generated = load(entry_module(derived(name), TORCH), tmp_path, name)
    constants = len(ENTRIES[name][0]) - 1

    @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(width=st.integers(1, 7), batch=st.lists(st.integers(1, 3), max_size=2), seed=st.integers(0, 2**32 - 1),
           scale=st.sampled_from([1e-3, 1.0, 30.0]))
    def check(width, batch, seed, scale):
        rng = np.random.default_rng(seed)
        x = torch.tensor(scale * rng.standard_normal((*batch, width)) + rng.uniform(-3, 3))
        rest = [torch.tensor(rng.standard_normal(width)) for _ in range(constants)]
        out = generated.forward(x, *rest)
        g = torch.tensor(rng.standard_normal(tuple(out.shape)))
        jacobian, backward = generated.jacobian(x, *rest), generated.backward(x, g, *rest)
        first = x.clone().requires_grad_(True)
        (grad,) = torch.autograd.grad((generated.forward(first, *rest) * g).sum(), first)
        assert torch.allclose(backward, grad, rtol=1e-7, atol=1e-9 * max(1.0, grad.abs().max().item()))
        for position in np.ndindex(*batch):
            expected = torch.autograd.functional.jacobian(lambda v: generated.forward(v, *rest), x[position])
            assert torch.allclose(jacobian[position], expected, rtol=1e-7,
                                  atol=1e-9 * max(1.0, expected.abs().max().item()))

    check()


def test_no_code_is_written_from_a_derivation_that_is_not_proven(monkeypatch, capsys, tmp_path):
    """An entry of indexed inputs whose closed form is wrong fails its check: --emit writes nothing
    (not even to --out) and exits 1."""
    from commandline import run_cli
    from sympy import IndexedBase, Sum, Symbol, exp

    from derive.functions import catalog

    monkeypatch.setattr(catalog, "CATALOG", dict(catalog.CATALOG))
    z, l, k = IndexedBase("z"), Symbol("l", integer=True), Symbol("k", integer=True)
    L = Symbol("L", integer=True, positive=True)
    catalog.add("wrong-logsumexp", Sum(exp(z[l]), (l, 1, L)), z[k], closed_form=2 * exp(z[k]))
    target = tmp_path / "wrong.py"
    code, out, err = run_cli(["wrong-logsumexp", "--emit", "numpy", "--out", str(target)], capsys)
    assert code == 1 and out == "" and "not proven, so no code is generated" in err
    assert not target.exists()


def test_the_softmax_cross_entropy_code_states_its_assumption_and_matches_autograd_where_it_holds(tmp_path, capsys):
    """derive softmax-cross-entropy --emit: the derivation assumed one-hot labels (sum_j y_ij = 1), the
    module says so, and its gradient matches autograd for such labels, and not for others."""
    from commandline import run_cli

    torch = torch_or_fail()
    code, out, err = run_cli(["softmax-cross-entropy", "--emit", "torch"], capsys)
    assert code == 0, err
    assert "The derivation assumed Σ[j=1..L] y_ij = 1" in out
    generated = load(out, tmp_path, "softmax_cross_entropy")
    rng = np.random.default_rng(6)
    z = torch.tensor(rng.standard_normal((3, 4)) + 1e3 * (rng.uniform() < 2))
    one_hot = torch.nn.functional.one_hot(torch.tensor([0, 3, 1]), 4).double()
    other = torch.tensor(rng.uniform(0, 1, (3, 4)))
    expected = torch.nn.functional.cross_entropy(z, one_hot.argmax(-1), reduction="none")
    assert torch.allclose(generated.forward(z, one_hot), expected)
    for y, holds in ((one_hot, True), (other, False)):
        first = z.clone().requires_grad_(True)
        g = torch.tensor(rng.standard_normal(3))
        (grad,) = torch.autograd.grad((generated.forward(first, y) * g).sum(), first)
        assert torch.allclose(generated.backward(z, g, y), grad) is holds
