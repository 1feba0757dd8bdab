"""Generated softmax code (`derive softmax --emit`): checked against central finite differences and
PyTorch's autograd, large inputs included."""

from __future__ import annotations

import numpy as np
import pytest

import derive
from derive.functions.codegen import NUMPY, TORCH
from derive.functions.entry_code import entry_module
from derive.functions.notation import QA, TEXTBOOK
from commandline import run_cli


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


def softmax_code(backend=NUMPY, notation=TEXTBOOK) -> str:
    return entry_module(derive.softmax(notation=notation), backend, source="softmax")


@pytest.fixture(scope="module", params=["textbook", "qa"])
def generated(request):
    return load(softmax_code(notation={"textbook": TEXTBOOK, "qa": QA}[request.param]))


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
    code = softmax_code()
    assert "np.max(z, axis=-1, keepdims=True)" in code and "overflowing" in code
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(np.array([1000.0, 1001.0])) / np.exp(np.array([1000.0, 1001.0])).sum()
    assert not np.all(np.isfinite(naive))  # what the shift prevents


def test_the_command_writes_the_same_code(capsys):
    """derive softmax --emit prints the module translated from the proven result, and nothing else."""
    code, out, err = run_cli(["softmax", "--emit", "numpy"], capsys)
    assert code == 0 and err == ""
    assert out == entry_module(derive.softmax(), NUMPY, source="the derivative of softmax")
    namespace = load(out)
    z = np.random.default_rng(3).normal(size=(2, 4))
    assert matches(namespace["jacobian"](z), namespace["forward"], z)


def test_the_torch_code_is_the_same_translation():
    code = softmax_code(TORCH)
    assert "import torch" in code and "np." not in code
    assert "torch.amax(z, dim=-1, keepdim=True)" in code
    compile(code, "<generated torch>", "exec")


def test_the_torch_code_against_autograd():
    """Runs where PyTorch is installed (CI installs it from the machine's local wheel)."""
    torch = pytest.importorskip("torch")

    namespace = load(softmax_code(TORCH, QA))  # no sample index: one row is one input
    z = torch.randn(3, 5, dtype=torch.float64) * 3 + 500
    ours = namespace["jacobian"](z)
    for row in range(3):
        theirs = torch.autograd.functional.jacobian(namespace["forward"], z[row])
        assert torch.allclose(ours[row], theirs, atol=1e-12)
    g = torch.randn(3, 5, dtype=torch.float64)
    assert torch.allclose(namespace["backward"](z, g), torch.einsum("ij,ijk->ik", g, ours), atol=1e-12)
    numpy_namespace = load(softmax_code())
    assert np.allclose(numpy_namespace["jacobian"](z.numpy()), ours.numpy(), atol=1e-14)
