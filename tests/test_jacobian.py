"""The softmax Jacobian: the proven derivative instantiated as an N x N matrix, and at a point.

The instantiated matrix is compared here with a Jacobian built independently in this file (plain
symbols z1..zN, SymPy's Matrix.jacobian), so the test does not trust derive's own checker.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from dataclasses import replace

import mpmath
import pytest
import sympy
from sympy import Matrix, cancel, exp

import derive
from derive.functions.jacobian import (MAX_SIZE, Jacobian, JacobianAt, at, compare, instantiate, jacobian, letters,
                             output_symbols)
from derive.functions.notation import QA, TEXTBOOK
from derive.printers.jacobian import render, verdict

NOTATIONS = {"textbook": TEXTBOOK, "qa": QA}


@pytest.fixture(scope="module", params=sorted(NOTATIONS))
def derivation(request):
    return derive.softmax(notation=NOTATIONS[request.param])


@pytest.fixture(scope="module")
def textbook():
    return derive.softmax()


# an independent explicit softmax and its Jacobian

def explicit(n: int):
    z = sympy.symbols(f"x1:{n + 1}")
    total = sum(exp(x) for x in z)
    vector = Matrix([exp(x) / total for x in z])
    return z, vector, vector.jacobian(z)


def in_explicit(derivation, matrix: Matrix, vector: Matrix) -> Matrix:
    """``matrix`` with S_1..S_N replaced by the explicit softmax outputs."""
    return matrix.xreplace(dict(zip(output_symbols(derivation, matrix.rows), vector)))


def numerically_equal(a: Matrix, b: Matrix, z, points: int = 3, seed: int = 1) -> bool:
    rng = random.Random(seed)
    for _ in range(points):
        values = {x: sympy.Float(rng.uniform(-2, 2), 30) for x in z}
        for left, right in zip(a.xreplace(values), b.xreplace(values)):
            if abs(sympy.N(left - right, 30)) > 1e-25:
                return False
    return True


# instantiation

@pytest.mark.parametrize("n", range(2, 9))
def test_instantiate_equals_sympy_jacobian(derivation, n):
    z, vector, truth = explicit(n)
    ours = in_explicit(derivation, instantiate(derivation, n), vector)
    assert ours.shape == (n, n)
    assert numerically_equal(ours, truth, z)
    if n <= 3:
        assert all(cancel(entry) == 0 for entry in ours - truth)


def test_instantiated_entries_are_diag_minus_outer(derivation):
    matrix = instantiate(derivation, 4)
    S = output_symbols(derivation, 4)
    for a in range(4):
        for b in range(4):
            expected = S[a] * (1 - S[a]) if a == b else -S[a] * S[b]
            assert sympy.expand(matrix[a, b] - expected) == 0
    assert not matrix.has(sympy.KroneckerDelta)


def test_symbols_come_from_the_notation():
    qa = derive.softmax(notation=QA)
    textbook = derive.softmax()
    assert {str(s.base) for s in instantiate(qa, 3).atoms(sympy.Indexed)} == {"p"}
    assert all(len(s.indices) == 1 for s in instantiate(qa, 3).atoms(sympy.Indexed))
    assert {str(s.base) for s in instantiate(textbook, 3).atoms(sympy.Indexed)} == {"S"}
    assert all(len(s.indices) == 2 for s in instantiate(textbook, 3).atoms(sympy.Indexed))
    assert str(letters(qa).wrt) == "i" and str(letters(qa).output) == "j"


@pytest.mark.parametrize("n", [2, 3, 5, 8])
def test_jacobian_is_proven_and_compared(derivation, n):
    record = jacobian(derivation, n)
    assert isinstance(record, Jacobian)
    assert record.verified and record.compared and record.size == n
    subjects = " | ".join(check.subject for check in record.checks)
    assert "sympy.Matrix.jacobian" in subjects
    assert ("symbolically" in subjects) == (n <= 4)
    assert {prop.name for prop in record.properties} == {
        "outputs sum to 1", "symmetric", "row sums are 0", "column sums are 0", "diagonal"}
    assert all(prop.check.passed and prop.check.symbolic for prop in record.properties)
    assert verdict(record).startswith("PROVEN")


def test_large_n_is_only_instantiated_and_never_uses_sympy_jacobian(textbook, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("sympy.Matrix.jacobian must not be called for a large N")

    monkeypatch.setattr(sympy.matrices.MatrixBase, "jacobian", refuse, raising=False)
    monkeypatch.setattr(type(Matrix()), "jacobian", refuse)
    record = jacobian(textbook, 16)
    assert record.verified and not record.compared
    assert "sympy.Matrix.jacobian" not in " ".join(check.subject for check in record.checks)
    text = render(record, "text")
    assert "not compared with sympy.Matrix.jacobian" in text
    assert instantiate(textbook, 64).shape == (64, 64)


def test_prove_up_to_is_honoured(textbook):
    assert jacobian(textbook, 3, prove_up_to=2).compared is False
    assert jacobian(textbook, 10, prove_up_to=10).compared is True


def test_bad_sizes(textbook):
    for size in (0, -1, MAX_SIZE + 1, 2.5, "3", True):
        with pytest.raises(ValueError):
            instantiate(textbook, size)


# a wrong matrix fails the comparison

def wrong_matrices(derivation, n):
    S = output_symbols(derivation, n)
    right = instantiate(derivation, n)
    yield "only the diagonal", Matrix(n, n, lambda a, b: right[a, b] if a == b else 0)
    yield "S_j S_k with a + sign", Matrix(n, n, lambda a, b: right[a, b] if a == b else S[a] * S[b])
    yield "transposed sign of the diagonal", Matrix(n, n, lambda a, b: -right[a, b] if a == b else right[a, b])


@pytest.mark.parametrize("n", [2, 3, 6])
def test_wrong_matrix_fails_the_comparison(derivation, n):
    for name, wrong in wrong_matrices(derivation, n):
        checks = compare(derivation, wrong)
        assert checks and not all(check.passed for check in checks), name
        assert any(check.method == "numeric" and not check.passed for check in checks), name
        if n <= 4:
            assert any(check.method == "symbolic" and not check.passed for check in checks), name
    assert all(check.passed for check in compare(derivation, instantiate(derivation, n)))


def test_a_failed_check_is_never_shown_as_proven(textbook):
    good = jacobian(textbook, 3)
    wrong = dict(wrong_matrices(textbook, 3))["S_j S_k with a + sign"]
    bad = replace(good, matrix=wrong, checks=good.checks + compare(textbook, wrong))
    assert not bad.verified and bad.failures
    assert verdict(bad).startswith("NOT PROVEN")
    for format in ("text", "markdown", "latex"):
        shown = render(bad, format)
        assert "FAILED" in shown and "NOT PROVEN" in shown, format
        assert "PROVEN:" not in shown.replace("NOT PROVEN:", ""), format
    data = json.loads(render(bad, "json"))
    assert data["verified"] is False and any(not check["passed"] for check in data["checks"])
    # the properties at a point catch a wrong matrix too: only the diagonal -> rows do not sum to 0
    diagonal_only = replace(good, matrix=dict(wrong_matrices(textbook, 3))["only the diagonal"])
    point = at(diagonal_only, "1.0,2.0,0.5")
    failed = {check.subject for check in point.checks if not check.passed}
    assert "each row sums to 0" in failed and "each column sums to 0" in failed
    assert "the Jacobian is symmetric" not in failed
    assert not point.verified and "NOT PROVEN" in render(point, "text")


# at a point

def reference_softmax(values):
    with mpmath.workdps(50):
        weights = [mpmath.exp(mpmath.mpf(str(v))) for v in values]  # the decimal given; mpmath does not overflow
        total = mpmath.fsum(weights)
        return [w / total for w in weights]


@pytest.mark.parametrize("values", ["1.0,2.0,0.5", "1000,1001,1002", "-1000,0,1000", "0,0,0,0", "3.5,-2,7,0.25,1e-3"])
def test_properties_hold_at_a_point(derivation, values):
    numbers = values.split(",")
    record = at(jacobian(derivation, len(numbers)), values)
    assert isinstance(record, JacobianAt)
    assert record.verified, [c for c in record.checks if not c.passed]
    assert len(record.checks) == 5 and all(check.passed for check in record.checks)
    n, S = len(numbers), record.outputs
    with mpmath.workdps(40):  # the record's numbers carry 30+ digits: compare them at that precision
        for got, expected in zip(S, reference_softmax(numbers)):
            assert abs(got - expected) < mpmath.mpf("1e-28")
        for a in range(n):
            for b in range(n):
                expected = S[a] * (1 - S[a]) if a == b else -S[a] * S[b]
                assert abs(record.numeric[a][b] - expected) < mpmath.mpf("1e-28")
                assert mpmath.isfinite(record.numeric[a][b])
            assert abs(mpmath.fsum(record.numeric[a])) < mpmath.mpf("1e-25")


def test_large_inputs_do_not_overflow(textbook):
    record = at(jacobian(textbook, 3), [1000, 1001, 1002])
    assert record.verified
    assert all(mpmath.isfinite(value) for row in record.numeric for value in row)
    assert abs(record.outputs[2] - mpmath.mpf("0.665240955774821")) < mpmath.mpf("1e-14")
    assert record.given == ("1000", "1001", "1002")


def test_numeric_matrix_matches_the_explicit_jacobian_at_the_point(textbook):
    values = [1.0, 2.0, 0.5]
    z, _, truth = explicit(3)
    record = at(jacobian(textbook, 3), values)
    exact = truth.xreplace({x: sympy.Float(v, 40) for x, v in zip(z, values)})
    with mpmath.workdps(40):
        for a in range(3):
            for b in range(3):
                assert abs(record.numeric[a][b] - mpmath.mpf(str(sympy.N(exact[a, b], 35)))) < mpmath.mpf("1e-25")


def test_bad_points(textbook):
    record = jacobian(textbook, 3)
    for values in ("1,2", "1,2,3,4", "1,a,3", "1,nan,2", "1,inf,2", "", [1, 2]):
        with pytest.raises(ValueError):
            at(record, values)


# printers

@pytest.fixture(scope="module")
def records(derivation):
    small = jacobian(derivation, 3)
    large = jacobian(derivation, 12)
    return {"jacobian": small, "at": at(small, "1.0,2.0,0.5"), "large": large,
            "large at": at(large, [0.1 * k for k in range(12)])}


def test_text(records):
    for name, record in records.items():
        shown = render(record, "text")
        assert "The Jacobian of softmax" in shown
        assert "✓ passed" in shown and "FAILED" not in shown, name
        assert "PROVEN" in shown and "NOT PROVEN" not in shown, name
    at_point = render(records["at"], "text")
    assert "each row sums to 0" in at_point and "outputs sum to 1" in at_point
    assert "adding up a row of the Jacobian gives 0" in " ".join(at_point.replace("│", " ").split())


def test_json(records):
    for record in records.values():
        data = json.loads(render(record, "json"))
        n = record.size
        assert data["schema"] == "derive.jacobian/1" and data["size"] == n and data["verified"] is True
        assert len(data["entries"]) == n and all(len(row) == n for row in data["entries"])
        matrix = (record.jacobian if isinstance(record, JacobianAt) else record).matrix
        assert sympy.sympify(data["entries"][0][1]) == matrix[0, 1]
        assert all(check["passed"] for check in data["checks"])
        if isinstance(record, JacobianAt):
            assert len(data["point"]) == len(data["outputs"]) == n
            assert len(data["numeric"]) == n and all(len(row) == n for row in data["numeric"])
            assert all(isinstance(value, str) for row in data["numeric"] for value in row)
            assert mpmath.mpf(data["numeric"][0][0]) == pytest.approx(float(record.numeric[0][0]), rel=1e-11)
            assert {c["subject"] for c in data["property_checks"]} >= {"each row sums to 0", "each column sums to 0"}
        else:
            assert "point" not in data and "property_checks" not in data


def test_json_outputs_have_twelve_significant_digits(textbook):
    data = json.loads(render(at(jacobian(textbook, 3), "1.0,2.0,0.5"), "json"))
    expected = reference_softmax([1.0, 2.0, 0.5])
    assert data["outputs"] == [mpmath.nstr(value, 12) for value in expected]
    digits = data["outputs"][0].replace("0.", "", 1).lstrip("0")
    assert len(digits) == 12
    assert data["point"] == ["1.0", "2.0", "0.5"]


def test_markdown(records):
    shown = render(records["at"], "markdown")
    assert "$$" in shown and r"\begin{pmatrix}" in shown
    assert shown.count("$$") % 2 == 0


def test_unknown_format_and_record(records):
    with pytest.raises(ValueError):
        render(records["jacobian"], "html")
    with pytest.raises(TypeError):
        render(object(), "text")


def compile_latex(source: str, directory) -> None:
    pdflatex = shutil.which("pdflatex")
    assert pdflatex, "pdflatex is not installed: the LaTeX printer must be tested by compiling its output"
    (directory / "jacobian.tex").write_text(source, encoding="utf-8")
    run = subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", "jacobian.tex"],
                         cwd=directory, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"pdflatex failed:\n{run.stdout[-3000:]}"
    assert (directory / "jacobian.pdf").stat().st_size > 0


@pytest.mark.parametrize("name", ["jacobian", "at", "large at"])
def test_latex_fragment_compiles(records, name, tmp_path):
    fragment = render(records[name], "latex", fragment=True)
    assert r"\documentclass" not in fragment and r"\begin{pmatrix}" in fragment
    assert all(ord(char) < 128 for char in fragment), "raw unicode breaks pdflatex"
    compile_latex("\\documentclass{article}\\usepackage{amsmath}\\begin{document}\n" + fragment
                  + "\\end{document}\n", tmp_path)


def test_latex_document_compiles_in_full(records, tmp_path):
    document = render(records["large at"], "latex", full=True)
    assert document.startswith(r"\documentclass") and r"\setcounter{MaxMatrixCols}" in document
    compile_latex(document, tmp_path)
