"""The layers beyond softmax: each catalog entry derived to its closed form, folded into its named
parts, no larger than the closed form, every step checked at several lengths N."""

from __future__ import annotations

import json

import pytest
from sympy import Indexed, Sum, count_ops

from derive.functions.catalog import CATALOG, derive_entry
from tests.commandline import run_cli

NAMED = ["l2-normalize", "rmsnorm", "layernorm", "batchnorm", "attention-query"]  # written in named parts
COLLAPSED = ["linear", "linear-backward", "attention-value"]  # every delta-sum collapsed to the closed form
LAYERS = [*NAMED, *COLLAPSED, "attention-score"]


@pytest.fixture(scope="module")
def derived():
    return {name: derive_entry(name) for name in LAYERS}


@pytest.mark.parametrize("name", LAYERS)
def test_each_layer_is_proven_against_its_closed_form_at_several_lengths(derived, name):
    derivation = derived[name]
    assert derivation.verified, [check.detail for check in derivation.verification.failures]
    subjects = {check.subject for check in derivation.verification.result}
    assert "closed form" in subjects and "result against sympy.diff" in subjects
    steps = derivation.verification.steps
    assert steps and all(check.passed for check in steps)
    assert {2, 3, 5} <= {n for check in steps for n in check.lengths}
    assert {"N", "B", "L"} & {name for check in steps for name in check.length_symbols}


@pytest.mark.parametrize("name", NAMED)
def test_each_layer_result_is_folded_into_its_named_parts_and_no_larger_than_the_closed_form(derived, name):
    derivation = derived[name]
    (_, closed), = derivation.closed_form
    result = derivation.unified
    assert len(result.atoms(Sum)) <= len(closed.atoms(Sum)), "every sum is folded into a named part"
    names = {getattr(definition.name, "base", definition.name) for definition in derivation.definitions}
    assert names & (result.free_symbols | {atom.base for atom in result.atoms(Indexed)}), \
        "the result is written in the named parts"
    assert count_ops(result) <= count_ops(closed), (result, closed)


@pytest.mark.parametrize("name", COLLAPSED)
def test_the_linear_layer_collapses_every_delta_sum_to_its_closed_form(derived, name):
    derivation = derived[name]
    (_, closed), = derivation.closed_form
    assert derivation.unified == closed
    assert not derivation.unified.has(Sum)


@pytest.mark.parametrize("name", NAMED)
def test_each_layer_differs_only_in_its_definitions_and_entry(derived, name):
    """The steps come from the rules: the derivation unfolds the named part the expression is, or
    uses the proven derivative of a named part it holds (a lemma), and every step names a rule of
    the route."""
    derivation = derived[name]
    rules = {step.rule.name for step in derivation.all_steps()}
    assert {"unfold the definition", "proven derivative"} & rules
    assert derivation.lemmas and all(lemma.verified for lemma in derivation.lemmas)
    assert ("merge the cases" in rules) == bool(derivation.cases), "the cases, where a delta is left, are merged"


@pytest.mark.parametrize("name", LAYERS)
def test_each_layer_is_in_the_list_and_derives_from_the_command_line_with_its_definitions(name, capsys):
    assert name in CATALOG
    code, out, err = run_cli([name, "--format", "json", "--seed", "4"], capsys)
    assert code == 0, err
    record = json.loads(out)
    assert record["verified"] is True
    from sympy import srepr

    known = {srepr(definition.name) for definition in derive_entry(name, check=False).definitions}
    listed = [item["name"] for item in record["definitions"]]
    assert set(listed) <= known and bool(listed) == bool(known) and len(set(listed)) == len(listed)


def test_attention_reuses_the_proven_softmax_derivative(derived):
    """d a_l / d s_m is not worked out again: softmax's verified derivative, in attention's letters,
    is a rule of the route, and one step uses it."""
    derivation = derived["attention-score"]
    assert derivation.verified
    assert "proven derivative" in derivation.route
    names = [step.rule.name for step in derivation.all_steps()]
    assert names[:2] == ["unfold the definition", "proven derivative"]
    (_, closed), = derivation.closed_form
    assert derivation.unified == closed


# ------------------------------------------------------------------------------------------
# The proven results as N x N Jacobians, against finite differences of the layers themselves

import random  # noqa: E402

import mpmath  # noqa: E402

from derive.functions.layer_jacobian import forward, jacobian_at  # noqa: E402

SQUARE = ["l2-normalize", "rmsnorm", "layernorm", "attention-score", "batchnorm"]  # batchnorm: one channel
RNG = random.Random(16)
INPUTS = {
    "random": [RNG.gauss(0, 1) for _ in range(4)],
    "large": [RNG.gauss(0, 1) * 1e3 for _ in range(4)],
    "nearly constant, where epsilon matters": [1 + RNG.gauss(0, 1) * 1e-4 for _ in range(4)],
}


def finite_differences(derivation, inputs, constants, h=mpmath.mpf("1e-15")):
    """J[j][k] by central differences of the layer itself, at 40 digits."""
    with mpmath.workdps(40):
        columns = []
        for k in range(len(inputs)):
            up = [mpmath.mpf(v) + (h if n == k else 0) for n, v in enumerate(inputs)]
            down = [mpmath.mpf(v) - (h if n == k else 0) for n, v in enumerate(inputs)]
            above, below = forward(derivation, up, constants), forward(derivation, down, constants)
            columns.append([(a - b) / (2 * h) for a, b in zip(above, below)])
        return [[columns[k][j] for k in range(len(inputs))] for j in range(len(inputs))]


@pytest.mark.parametrize("inputs", list(INPUTS), ids=list(INPUTS))
@pytest.mark.parametrize("name", SQUARE)
def test_the_proven_jacobian_matches_finite_differences_of_the_layer(derived_square, name, inputs):
    derivation = derived_square[name]
    constants = {"gamma": mpmath.mpf("1.5")}
    ours, truth = jacobian_at(derivation, INPUTS[inputs], constants), finite_differences(derivation, INPUTS[inputs],
                                                                                          constants)
    scale = max(abs(value) for row in truth for value in row)
    for row, expected in zip(ours, truth):
        for value, wanted in zip(row, expected):
            assert abs(value - wanted) <= 1e-12 * scale + 1e-30, (name, inputs, value, wanted)


@pytest.fixture(scope="module")
def derived_square():
    return {name: derive_entry(name) for name in SQUARE}


def test_layernorm_jacobian_rows_and_columns_sum_to_zero_with_unit_gain(derived_square):
    """With gamma = 1 the outputs sum to 0 whatever the input, so every column of J sums to 0; and
    shifting every input by the same amount changes nothing, so every row sums to 0 too."""
    matrix = jacobian_at(derived_square["layernorm"], INPUTS["random"])
    size = len(matrix)
    with mpmath.workdps(40):
        for n in range(size):
            assert abs(mpmath.fsum(matrix[n][m] for m in range(size))) < 1e-25
            assert abs(mpmath.fsum(matrix[m][n] for m in range(size))) < 1e-25
    with_gain = jacobian_at(derived_square["layernorm"], INPUTS["random"], {"gamma": 2})
    assert abs(mpmath.fsum(with_gain[0])) < 1e-25, "a gain the same for every output keeps the sums 0"


def test_a_jacobian_is_refused_for_a_derivative_of_another_shape(derived):
    with pytest.raises(ValueError, match="one input index"):
        jacobian_at(derived["linear"], [1.0, 2.0])


def test_the_layers_benchmark_runs_in_process_and_reports_ratios(capsys):
    """bench/layers.py measures; this only runs its in-process part once, asserting no time."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "bench" / "layers.py"
    spec = importlib.util.spec_from_file_location("bench_layers", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.in_process(["linear"], runs=1)
    assert result["linear"]["proven"] is True and result["linear"]["steps"] > 0
    assert "linear / softmax, derivation" in capsys.readouterr().out


# ------------------------------------------------------------------------------------------
# derive LAYER --size N --at ...: the proven Jacobian at a point, from the command line

from derive.functions.layer_jacobian import MAX_SIZE, layer_at  # noqa: E402

MATRIX = [name for name in SQUARE if "--size" in CATALOG[name].options]


def test_the_layers_with_one_moving_input_index_declare_size_and_at():
    """batchnorm's input x_kc moves along k only: the channel c it shares with the output is held."""
    assert {"l2-normalize", "rmsnorm", "layernorm", "batchnorm"} <= set(MATRIX)
    assert "--size" not in CATALOG["linear-backward"].options  # a scalar loss: no matrix


def test_batchnorm_at_a_point_is_one_channels_matrix(derived_square):
    record = layer_at(derived_square["batchnorm"], "1,2,3.5,5")
    assert record.verified and [str(x) for x in record.inputs] == ["x[1, 1]", "x[2, 1]", "x[3, 1]", "x[4, 1]"]
    assert {"each row sums to 0", "the matrix is symmetric"} <= set(dict(record.properties))


@pytest.mark.parametrize("inputs", list(INPUTS), ids=list(INPUTS))
@pytest.mark.parametrize("name", MATRIX)
def test_the_record_at_a_point_is_the_proven_matrix_and_agrees_with_finite_differences(derived_square, name, inputs):
    derivation = derived_square[name]
    values = [repr(value) for value in INPUTS[inputs]]
    record = layer_at(derivation, values, len(values))
    assert record.verified, record.failures
    truth = finite_differences(derivation, record.point, {})
    scale = max(abs(value) for row in truth for value in row)
    for row, expected in zip(record.numeric, truth):
        for value, wanted in zip(row, expected):
            assert abs(value - wanted) <= 1e-12 * scale + 1e-30, (name, inputs, value, wanted)
    layer = forward(derivation, record.point)
    assert len(record.outputs) == len(layer)
    assert all(abs(ours - wanted) <= 1e-12 * max(1, abs(wanted)) for ours, wanted in zip(record.outputs, layer))


def test_a_property_is_stated_only_where_it_holds_at_the_point(derived_square):
    """LayerNorm with gamma = 1: every row sums to 0 (shifting all inputs changes nothing); RMSNorm's
    rows do not, so it is not said; both are symmetric."""
    layernorm = dict(layer_at(derived_square["layernorm"], "1,2,3,5").properties)
    rmsnorm = dict(layer_at(derived_square["rmsnorm"], "1,2,3,5").properties)
    assert "each row sums to 0" in layernorm and "each column sums to 0" in layernorm
    assert "each row sums to 0" not in rmsnorm and "each column sums to 0" not in rmsnorm
    assert "the matrix is symmetric" in layernorm and "the matrix is symmetric" in rmsnorm
    uneven = layer_at(derived_square["layernorm"], "1,2,3,5", constants={"gamma": 2})
    assert "each row sums to 0" in dict(uneven.properties), "a gain the same for every output keeps the row sums 0"


def test_a_wrong_matrix_is_not_proven(derived_square, monkeypatch):
    """The check against central differences is independent of the matrix: a wrong entry fails it."""
    from derive.functions import layer_jacobian

    real = layer_jacobian.jacobian_at
    monkeypatch.setattr(layer_jacobian, "jacobian_at",
                        lambda *args: [[value * 1.001 for value in row] for row in real(*args)])
    record = layer_at(derived_square["layernorm"], "1,2,3,5")
    assert not record.verified and record.failures[0].subject.startswith("the matrix against central differences")


def test_layernorm_size_at_from_the_command_line(capsys):
    code, out, err = run_cli(["layernorm", "--size", "4", "--at", "1,2,3,5"], capsys)
    assert code == 0, err
    assert "each row sums to 0" in out and "PROVEN" in out and "FAILED" not in out
    code, out, err = run_cli(["rmsnorm", "--at", "1,2,3,5", "--format", "json"], capsys)
    assert code == 0, err
    document = json.loads(out)
    assert document["verified"] is True and len(document["numeric"]) == 4 and len(document["numeric"][0]) == 4
    assert "each row sums to 0" not in [item["statement"] for item in document["properties"]]
    assert document["constants"] == {"gamma": "1.0", "epsilon": "1.0e-5"}


@pytest.mark.parametrize("argv, words", [
    (["layernorm", "--size", "4", "--at", "1,2,3"], "needs 4 values"),
    (["layernorm", "--at", "1,nan,3"], "not a finite number"),
    (["layernorm", "--at", "1,2**3"], "not a number"),
    (["layernorm", "--size", "3"], "give --at"),
    (["layernorm", "--at", ",".join(["1"] * (MAX_SIZE + 1))], f"between 1 and {MAX_SIZE}"),
    (["layernorm", "--at", "1,2", "--format", "latex"], "--format latex"),
    (["linear-backward", "--size", "2", "--at", "1,2"], "--size"),
])
def test_a_bad_point_or_size_is_refused_in_one_line(argv, words, capsys):
    code, out, err = run_cli(argv, capsys)
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith("derive: error: ") and words in err, err


def test_the_matrix_is_written_atomically_with_out(tmp_path, capsys):
    target = tmp_path / "J.json"
    code, out, err = run_cli(["l2-normalize", "--at", "3,4", "--format", "json", "--out", str(target)], capsys)
    assert code == 0 and out == "", err
    assert json.loads(target.read_text(encoding="utf-8"))["numeric"] == [["0.128", "-0.096"], ["-0.096", "0.072"]]


def test_a_point_where_the_layer_is_not_defined_is_refused_in_one_line(capsys):
    """x = 0 has no L2 normalisation (its norm is 0): exit 2, one line, no matrix of NaN."""
    code, out, err = run_cli(["l2-normalize", "--at", "0,0"], capsys)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "not defined at x = (0, 0)" in err
    code, out, err = run_cli(["l2-normalize", "--at", "0,1"], capsys)
    assert code == 0, err
