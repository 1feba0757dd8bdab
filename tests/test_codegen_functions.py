"""Code for any function: f and its derivative (or gradient) as NumPy and PyTorch source,
translated from the derived expressions, checked against central finite differences and, where
PyTorch is installed, against torch.autograd."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

import derive
from derive.functions.codegen import TORCH, Untranslatable, derivation_module, gradient_module

FUNCTIONS = ["x**3*sin(x)", "exp(x)/(1 + exp(x))", "log(1 + exp(x))", "sec(x)*exp(-x)", "acot(x) + coth(x)",
             "Max(x, 0)*x + erf(x)", "tanh(x)*atan(x)", "sqrt(1 + x**2)", "x*exp(-x**2/2)", "csch(x) + sech(x)",
             "Abs(x)**3", "sin(x)**2/(2 + cos(x))"]


def module_of(source: str) -> dict:
    namespace: dict = {}
    exec(compile(source, "<generated>", "exec"), namespace)  # the code derive generated, not user text
    return namespace


def points(rng) -> np.ndarray:
    """Both signs, small and large, away from 0 (where some of these have a kink or a pole)."""
    values = np.concatenate([rng.uniform(0.2, 3.0, 30), rng.uniform(3.0, 40.0, 10)])
    return values * rng.choice([-1.0, 1.0], values.size)


def central(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


@pytest.mark.parametrize("text", FUNCTIONS)
def test_the_numpy_derivative_matches_central_differences(text):
    derivation = derive.differentiate(text, "x")
    assert derivation.verified
    generated = module_of(derivation_module(derivation))
    x = points(np.random.default_rng(7))
    h = 1e-6 * np.maximum(1.0, np.abs(x))
    with np.errstate(all="ignore"):
        ours, numeric = generated["derivative"](x), central(generated["f"], x, h)
    finite = np.isfinite(numeric) & (np.abs(numeric) < 1e8)
    assert finite.sum() >= 20
    assert np.allclose(ours[finite], numeric[finite], rtol=1e-4, atol=1e-5)


def test_the_gradient_matches_central_differences_in_each_variable():
    gradient = derive.gradient("x**2*y + sin(x*y) + exp(-y)*x", "x, y")
    generated = module_of(gradient_module(gradient))
    rng = np.random.default_rng(3)
    x, y = rng.uniform(-3, 3, 25), rng.uniform(-3, 3, 25)
    h = 1e-6
    dx, dy = generated["gradient"](x, y)
    assert np.allclose(dx, (generated["f"](x + h, y) - generated["f"](x - h, y)) / (2 * h), rtol=1e-5, atol=1e-6)
    assert np.allclose(dy, (generated["f"](x, y + h) - generated["f"](x, y - h)) / (2 * h), rtol=1e-5, atol=1e-6)


def test_a_function_of_indexed_variables_is_refused_with_one_line():
    derivation = derive.differentiate("exp(z[1])/(exp(z[1]) + exp(z[2]))", "z[1]")
    with pytest.raises(Untranslatable, match="plain variables"):
        derivation_module(derivation)


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="PyTorch is not installed")
@pytest.mark.parametrize("text", FUNCTIONS)
def test_the_torch_derivative_matches_autograd_and_keeps_dtype(text):
    import torch

    derivation = derive.differentiate(text, "x")
    generated = module_of(derivation_module(derivation, TORCH))
    x = torch.tensor(points(np.random.default_rng(11)), dtype=torch.float64, requires_grad=True)
    (grad,) = torch.autograd.grad(generated["f"](x).sum(), x)
    ours = generated["derivative"](x.detach())
    finite = torch.isfinite(grad) & (grad.abs() < 1e8)
    assert int(finite.sum()) >= 20
    assert torch.allclose(ours[finite], grad[finite], rtol=1e-6, atol=1e-8)
    single = generated["derivative"](torch.tensor([0.5, 1.5], dtype=torch.float32))
    assert single.dtype == torch.float32 and single.device.type == "cpu"
