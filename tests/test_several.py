"""Gradients and Hessians: every entry its own derivation, each checked; the Hessian reuses the
verified first partials."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sympy import Matrix, Symbol, diff, exp, hessian as sympy_hessian, simplify, sin

import derive
from derive.engine.several import Gradient
from derive.printers.several import render

x, y, z = Symbol("x"), Symbol("y"), Symbol("z")
FUNCTION = x**2 * y + sin(x * y) + exp(z) * y


def test_the_gradient_is_every_partial_derivative_each_proven():
    gradient = derive.gradient(FUNCTION, [x, y, z])
    assert gradient.verified and gradient.variables == (x, y, z)
    expected = Matrix([diff(FUNCTION, v) for v in (x, y, z)])
    assert simplify(gradient.vector - expected) == Matrix([0, 0, 0])
    assert [d.variable for d in gradient.derivations] == [x, y, z]


def test_the_hessian_derives_each_first_partials_result_and_is_symmetric():
    hessian = derive.hessian(FUNCTION, "x, y, z")
    assert hessian.verified
    for partial, row in zip(hessian.gradient.derivations, hessian.rows):
        assert all(entry.expression == partial.unified for entry in row)  # reused, not derived again from f
    assert simplify(hessian.matrix - sympy_hessian(FUNCTION, (x, y, z))) == Matrix.zeros(3, 3)


def test_one_entry_that_fails_its_check_makes_the_whole_unproven():
    gradient = derive.gradient(FUNCTION, [x, y])
    first = gradient.derivations[0]
    broken_step = replace(first.steps[-1], after=first.steps[-1].after + 1)
    broken = derive.verify(replace(first, steps=(*first.steps[:-1], broken_step), result=broken_step.after))
    assert not broken.verified
    assert not Gradient(gradient.expression, gradient.variables, (broken, gradient.derivations[1])).verified
    assert "NOT PROVEN: 1 of 2" in render(Gradient(gradient.expression, gradient.variables,
                                                   (broken, gradient.derivations[1])), "text")


@pytest.mark.parametrize("variables", [[x, x], [], "x, x"])
def test_repeated_or_missing_variables_are_refused(variables):
    with pytest.raises(ValueError):
        derive.gradient(FUNCTION, variables)


def test_the_json_of_a_gradient_and_a_hessian():
    gradient = json.loads(render(derive.gradient(FUNCTION, "x, y"), "json"))
    assert gradient["schema"] == "derive.gradient/1" and gradient["verified"] is True
    assert [entry["schema"] for entry in gradient["derivations"]] == ["derive.derivation/1"] * 2
    hessian = json.loads(render(derive.hessian(x * y**2, "x, y"), "json"))
    assert hessian["schema"] == "derive.hessian/1" and len(hessian["rows"]) == 2
    assert all(len(row) == 2 for row in hessian["rows"]) and len(hessian["gradient"]) == 2


def test_the_text_ends_with_the_vector_and_the_verdict():
    text = render(derive.gradient(x**2 * y, "x, y"), "text")
    assert text.rstrip().endswith("PROVEN: every entry of the gradient (2 derivations) was checked step by step.")
    assert "∂/∂x = 2·x·y" in text and "∂/∂y = x^2" in text
