"""derive LAYER --at 'q=1,2 K=...' for the layers whose output and input differ in index or length
(attention-query, attention-value, linear): the proven result instantiated as a rectangular matrix
(rows: the output index; columns: the input's entries, row by row), at a point naming every array
the layer reads, checked against central differences of the layer, a property stated only where it
holds; a bad point refused in one line."""

from __future__ import annotations

import json
import random

import mpmath
import pytest
from sympy import Indexed, diff

from derive.functions import layer_rectangular as rect
from derive.functions.catalog import CATALOG, derive_entry
from derive.functions.layer_jacobian import layer_at
from tests.commandline import run_cli

RECTANGULAR = ["attention-query", "attention-value", "linear"]


def _point(name: str, draw: random.Random) -> tuple[str, int, int]:
    """A random point for ``name`` as --at text, the number of rows and of columns it gives."""
    L, d, M, N = draw.choice([2, 3, 4]), draw.choice([2, 3]), draw.choice([2, 3]), draw.choice([2, 3])

    def array(rows, columns=None):
        values = lambda count: ",".join(repr(round(draw.gauss(0, 1.5), 6)) for _ in range(count))  # noqa: E731
        return values(rows) if columns is None else ";".join(values(columns) for _ in range(rows))

    if name == "attention-query":
        return f"q={array(d)} K={array(L, d)}", L, d
    if name == "attention-value":
        return f"q={array(d)} K={array(L, d)} V={array(L, d)}", d, L * d
    return f"x={array(N)} W={array(M, N)} b={array(M)}", M, M * N


def _at(name: str, text: str, size=None):
    return layer_at(derive_entry(name), text, size, lengths=dict(CATALOG[name].build().lengths))


def _by_sympy(record) -> list[list]:
    """dy_j / d(entry) by sympy.diff of the layer itself written out at these lengths, evaluated at
    the point: independent of the derivation's rules and of the instantiated result."""
    derivation = record.derivation
    lengths = dict(CATALOG[derivation.title.split()[-1]].build().lengths)
    the_grid = rect.grid(derivation, lengths, {})
    given = rect.parse_point(" ".join(f"{name}=" + ";".join(",".join(row) for row in rows)
                                      for name, _, rows in record.arrays), the_grid)
    sizes = rect.sizes_of(given, the_grid)
    point = rect.Point(given, the_grid, sizes, {})
    rows = rect.layer_rows(derivation, the_grid, sizes)
    return [[point.evaluate(diff(row, entry)) for entry in record.columns] for row in rows]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("name", RECTANGULAR)
def test_the_rectangular_matrix_is_proven_and_equals_sympy_diff_of_the_layer(name, seed):
    text, rows, columns = _point(name, random.Random(seed))
    record = _at(name, text)
    assert record.verified, record.failures
    assert len(record.numeric) == rows and all(len(row) == columns for row in record.numeric)
    assert len(record.rows) == rows and len(record.columns) == columns and len(record.outputs) == rows
    subjects = [check.subject for check in record.checks]
    assert subjects == ["the general result", "the matrix against central differences of the layer itself"]
    with mpmath.workdps(40):
        truth = _by_sympy(record)
        for ours_row, wanted_row in zip(record.numeric, truth):
            for ours, wanted in zip(ours_row, wanted_row):
                assert abs(ours - wanted) <= mpmath.mpf("1e-25") * max(1, abs(wanted)), (name, seed, ours, wanted)


def test_the_columns_are_the_inputs_entries_row_by_row_and_the_rows_the_outputs():
    record = _at("attention-value", "q=1,2 K=1,0;0,1;1,1 V=1,2;3,4;5,6")
    assert [str(entry) for entry in record.columns] == ["V[1, 1]", "V[1, 2]", "V[2, 1]", "V[2, 2]", "V[3, 1]",
                                                        "V[3, 2]"]
    assert len(record.rows) == 2  # o_c: c runs to d = 2, read from the shapes
    weights = [record.numeric[0][0], record.numeric[0][2], record.numeric[0][4]]  # a_l at c = u = 1
    assert record.numeric[1][1] == weights[0] and record.numeric[0][1] == 0
    with mpmath.workdps(40):
        assert abs(mpmath.fsum(weights) - 1) < mpmath.mpf("1e-30")
    linear = _at("linear", "x=1,2 W=1,2;3,4;5,6 b=0,1,0")
    assert [[float(value) for value in row] for row in linear.numeric] == [[1, 2, 0, 0, 0, 0], [0, 0, 1, 2, 0, 0],
                                                                         [0, 0, 0, 0, 1, 2]]
    assert [float(value) for value in linear.outputs] == [5, 12, 17]


def test_a_property_is_stated_only_where_it_holds_at_the_point():
    """attention-query: every column sums to 0 (the weights sum to 1, so their change does not);
    attention-value: every row sums to 1; linear at x = (1, 2): neither; no symmetry is claimed
    for a matrix whose rows and columns are different indices."""
    query = dict(_at("attention-query", "q=1,2 K=1,0;0,1;1,1").properties)
    value = dict(_at("attention-value", "q=1,2 K=1,0;0,1;1,1 V=1,2;3,4;5,6").properties)
    linear = dict(_at("linear", "x=1,2 W=1,2;3,4;5,6 b=0,1,0").properties)
    assert set(query) == {"each column sums to 0"}
    assert set(value) == {"each row sums to 1"}
    assert linear == {}
    balanced = dict(_at("linear", "x=1,-1 W=1,2;3,4 b=0,0").properties)
    assert set(balanced) == {"each row sums to 0"}  # sum_k x_k = 0: it holds at this point, and is said


def test_a_wrong_matrix_is_not_proven(monkeypatch):
    real = rect.matrix_at
    monkeypatch.setattr(rect, "matrix_at", lambda *args: [[value * 1.001 for value in row] for row in real(*args)])
    record = _at("attention-query", "q=1,2 K=1,0;0,1;1,1")
    assert not record.verified and record.failures[0].subject.startswith("the matrix against central differences")


def test_a_length_said_nowhere_is_not_guessed():
    """Without its declared length, o_c's c (to d) is read nowhere from sum_n a_n V_nc: refused."""
    with pytest.raises(ValueError, match="neither declared"):
        layer_at(derive_entry("attention-value"), "q=1,2 K=1,0;0,1 V=1,2;3,4")


def test_attention_query_at_a_point_from_the_command_line(capsys):
    code, out, err = run_cli(["attention-query", "--at", "q=1,2 K=1,0;0,1;1,1"], capsys)
    assert code == 0 and err == "", err
    assert "3×2 Jacobian" in out and "∂/∂q_2" in out and "a_3" in out and "each column sums to 0" in out
    assert "Check: PROVEN" in out and "FAILED" not in out
    code, out, err = run_cli(["linear", "--size", "3", "--at", "x=1,2 W=1,2;3,4;5,6 b=0,1,0", "--format", "json"],
                             capsys)
    assert code == 0, err
    document = json.loads(out)
    assert document["verified"] is True and document["size"] == 3 and len(document["numeric"][0]) == 6
    assert document["arrays"] == {"W": [["1", "2"], ["3", "4"], ["5", "6"]], "x": [["1", "2"]], "b": [["0", "1", "0"]]}
    assert document["point"] == ["1", "2", "3", "4", "5", "6"] and len(document["rows"]) == 3


@pytest.mark.parametrize("argv, words", [
    (["attention-query", "--at", "q=1,2"], "gives no K"),
    (["attention-query", "--at", "1,2"], "names each array"),
    (["attention-query", "--at", "q=1,2 K=1,2,3;4,5,6"], "the shapes disagree"),
    (["attention-query", "--at", "q=1,2 K=1,2;3"], "differ in length"),
    (["attention-query", "--at", "q=1;2 K=1,2;3,4"], "is a vector"),
    (["attention-query", "--at", "q=1,nan K=1,2;3,4"], "not a finite number"),
    (["attention-query", "--at", "q=1,2 K=1,2;3,4e999999"], "too large"),
    (["attention-query", "--at", "q=1,2 K=1,2;3,__import__('os')"], "not a number"),
    (["attention-query", "--at", "q=1,2 K=1,2;3,4 Q=1"], "reads no array 'Q'"),
    (["attention-query", "--at", "q=1,2 q=1,2 K=1,2;3,4"], "given twice"),
    (["attention-query", "--size", "3", "--at", "q=1,2 K=1,2;3,4"], "--size 3"),
    (["attention-query", "--size", "2"], "give --at"),
    (["linear", "--at", "x=1,2 W=1,2;3,4;5,6"], "gives no b"),
    (["linear", "--at", "x=" + ",".join(["1"] * 8) + " W=" + ";".join([",".join(["1"] * 8)] * 8)
      + " b=" + ",".join(["1"] * 8)], f"at most {rect.MAX_ENTRIES} here"),
    (["linear", "--at", "x=" + ",".join(["1"] * 9) + " W=" + ";".join([",".join(["1"] * 9)] * 9)
      + " b=" + ",".join(["1"] * 9)], f"more than {rect.MAX_ARRAY} entries"),
    (["layernorm", "--at", "z=1,2,3"], "reads one array, x"),
])
def test_a_bad_point_is_refused_in_one_line(argv, words, capsys):
    code, out, err = run_cli(argv, capsys)
    lines = err.strip().splitlines()
    assert code == 2 and out == "" and len(lines) == 1 and lines[0].startswith("derive: error: ") and words in err, err


def test_one_array_by_its_name_or_bare_reads_the_same_for_a_square_layer():
    bare, named = layer_at(derive_entry("layernorm"), "1,2,3,5"), layer_at(derive_entry("layernorm"), "x=1,2,3,5")
    assert bare.numeric == named.numeric and bare.verified and named.verified
    assert not bare.rectangular and bare.size == 4


def test_every_array_the_result_depends_on_is_asked_for():
    """The point of attention-query needs q and K (the weights), of attention-value V too, of linear
    x, W and b: every array the layer reads, none it does not."""
    asked = {}
    for name in RECTANGULAR:
        derivation = derive_entry(name)
        the_grid = rect.grid(derivation, dict(CATALOG[name].build().lengths), {})
        asked[name] = set(the_grid.arrays)
        read = {str(atom.base) for atom in rect._unfolded(derivation, derivation.expression).atoms(Indexed)}
        assert asked[name] == read
    assert asked == {"attention-query": {"q", "K"}, "attention-value": {"q", "K", "V"}, "linear": {"x", "W", "b"}}
