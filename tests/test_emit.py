"""Generated NumPy code: checked against central finite differences, large inputs included."""

from __future__ import annotations

import numpy as np
import pytest
from sympy import IndexedBase, Symbol, exp

import derive
from derive.functions.codegen import Arrays, Untranslatable, numpy_module, shift_is_harmless, translate
from derive.functions.notation import QA


def load(code: str) -> dict:
    namespace: dict = {}
    exec(compile(code, "<generated>", "exec"), namespace)  # our own generated code, in a test
    return namespace


def finite_differences(f, z, h=1e-6):
    """Central differences: result[..., j, k] = d f_j / d z_k."""
    out = np.zeros(z.shape + (z.shape[-1],))
    for k in range(z.shape[-1]):
        step = np.zeros_like(z)
        step[..., k] = h
        out[..., :, k] = (f(z + step) - f(z - step)) / (2 * h)
    return out


def matches(jacobian, forward, z) -> bool:
    return bool(np.allclose(jacobian, finite_differences(forward, z), atol=1e-7, rtol=1e-5))


@pytest.fixture(scope="module", params=["textbook", "qa"])
def generated(request):
    from derive.functions.softmax import softmax_backward
    from derive.functions.notation import TEXTBOOK

    notation = {"textbook": TEXTBOOK, "qa": QA}[request.param]
    return load(numpy_module(derive.softmax(notation=notation), softmax_backward(notation=notation)))


@pytest.mark.parametrize("scale, offset", [(1.0, 0.0), (3.0, 0.0), (1.0, 1000.0), (1.0, -1000.0)])
def test_the_jacobian_matches_finite_differences(generated, scale, offset):
    rng = np.random.default_rng(0)
    z = rng.normal(size=(4, 5)) * scale + offset
    s = generated["forward"](z)
    assert np.all(np.isfinite(s)) and np.allclose(s.sum(axis=-1), 1)
    J = generated["jacobian"](z)
    assert J.shape == (4, 5, 5) and np.all(np.isfinite(J))
    assert matches(J, generated["forward"], z)


@pytest.mark.parametrize("offset", [0.0, 800.0])
def test_the_backward_pass_matches_finite_differences(generated, offset):
    rng = np.random.default_rng(2)
    z, g = rng.normal(size=(3, 6)) + offset, rng.normal(size=(3, 6))

    def loss(values):
        return (g * generated["forward"](values)).sum(axis=-1)

    h, numeric = 1e-6, np.zeros_like(z)
    for k in range(z.shape[-1]):
        step = np.zeros_like(z)
        step[..., k] = h
        numeric[..., k] = (loss(z + step) - loss(z - step)) / (2 * h)
    gradient = generated["backward"](z, g)
    assert np.all(np.isfinite(gradient)) and np.allclose(gradient, numeric, atol=1e-7)
    assert np.allclose(gradient, np.einsum("...j,...jk->...k", g, generated["jacobian"](z)))


def test_the_common_bug_only_the_diagonal_fails_the_same_check(generated):
    z = np.random.default_rng(1).normal(size=(3, 4))
    s = generated["forward"](z)
    diagonal_only = np.einsum("...j,jk->...jk", s * (1 - s), np.eye(4))
    assert not matches(diagonal_only, generated["forward"], z)
    assert matches(generated["jacobian"](z), generated["forward"], z)


def test_large_inputs_need_the_shift_and_the_code_says_why():
    code = numpy_module(derive.softmax())
    assert "np.max(z, axis=-1, keepdims=True)" in code and "overflowing" in code
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(np.array([1000.0, 1001.0])) / np.exp(np.array([1000.0, 1001.0])).sum()
    assert not np.all(np.isfinite(naive))  # what the shift prevents


def test_the_shift_is_emitted_only_when_the_checker_finds_it_harmless():
    z, l, L = IndexedBase("z"), Symbol("l", integer=True), Symbol("L", integer=True)
    j = Symbol("j", integer=True)
    assert shift_is_harmless(exp(z[j]) / Sum_(exp(z[l]), l, L), z)
    assert not shift_is_harmless(exp(z[j]), z)


def Sum_(f, l, L):
    from sympy import Sum

    return Sum(f, (l, 1, L))


def test_translate_refuses_what_it_cannot_write():
    x = Symbol("x")
    with pytest.raises(Untranslatable):
        translate(x, Arrays({}, None), ())


def test_the_torch_code_is_the_same_translation():
    from derive.functions.codegen import torch_module

    code = torch_module(derive.softmax())
    assert "import torch" in code and "np." not in code
    assert "torch.amax(z, dim=-1, keepdim=True)" in code
    compile(code, "<generated torch>", "exec")


def test_the_torch_code_against_autograd():
    """Runs where PyTorch is installed (CI installs it from the machine's local wheel)."""
    torch = pytest.importorskip("torch")
    from derive.functions.codegen import torch_module

    namespace = load(torch_module(derive.softmax()))
    z = torch.randn(3, 5, dtype=torch.float64) * 3 + 500
    ours = namespace["jacobian"](z)
    for row in range(3):
        theirs = torch.autograd.functional.jacobian(namespace["forward"], z[row])
        assert torch.allclose(ours[row], theirs, atol=1e-12)
    numpy_namespace = load(numpy_module(derive.softmax()))
    assert np.allclose(numpy_namespace["jacobian"](z.numpy()), ours.numpy(), atol=1e-14)
