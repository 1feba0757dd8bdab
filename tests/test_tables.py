"""Published derivatives (tests/tables/, written from standard calculus tables): every row derived,
every step verified, the result equal to the published derivative.

Both sides are read by derive's own reader, never by SymPy's. The result is compared with the
published derivative by the checker's own comparison (random points over the real domain where
both are real, 30 digits where doubles cannot decide), case by case where the derivation splits
into cases: each case's result against the published derivative under that case's relation.
A sample of rows also runs through the command line, ``derive expr ... --format json``.

    python tests/test_tables.py          # every row, with its time and verdict
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

TABLES = Path(__file__).resolve().parent / "tables"
ARROW = "=>"


@dataclass(frozen=True)
class Row:
    table: str
    line: int
    function: str
    derivative: str

    @property
    def name(self) -> str:
        return f"{self.table}:{self.line}"


def read_table(path: Path) -> list[Row]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        function, arrow, derivative = text.partition(ARROW)
        if not arrow or not function.strip() or not derivative.strip():
            raise ValueError(f"{path.name}:{number}: a row is 'f(x) {ARROW} f'(x)', not {line!r}")
        rows.append(Row(path.stem, number, function.strip(), derivative.strip()))
    return rows


ROWS = [row for path in sorted(TABLES.glob("*.txt")) for row in read_table(path)]


def disagreement(row: Row) -> str | None:
    """None when ``row`` derives, every step verified, to its published derivative; else why not."""
    import derive
    from derive.checker.checks import numeric_equal
    from derive.readers.text import parse

    x = parse("x")
    function, published = parse(row.function), parse(row.derivative)
    derivation = derive.differentiate(function, x)
    if not derivation.verified:
        failure = derivation.verification.failures[0]
        return f"not verified: {failure.subject}: {failure.detail}"
    pieces = [(case.relation, case.result) for case in derivation.cases] or [(None, derivation.unified)]
    for relation, result in pieces:
        equal, how = numeric_equal(result, published, relation)
        if equal is None and relation is None and cancels(result - published):
            continue  # against a constant (0), the checker may find no point to compare: a proof instead
        if equal is not True:
            where = f" where {relation}" if relation is not None else ""
            return f"the result {result}{where} is not the published {published}: {how}"
    return None


def cancels(difference) -> bool:
    """The difference simplifies to 0, within a time bound."""
    from sympy import simplify

    from derive.rules.limits import within

    return within(10, "simplifying a difference", lambda: simplify(difference) == 0, lambda bound: False)


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_every_published_derivative_is_derived_verified_and_equal(row):
    assert disagreement(row) is None, (row.function, disagreement(row))


def test_the_tables_have_several_hundred_rows_over_every_section():
    assert len(ROWS) >= 300
    assert {row.table for row in ROWS} >= {"powers_exp_log", "trigonometric", "hyperbolic", "inverse",
                                           "products_quotients", "chains", "activations"}


def test_a_wrong_published_derivative_is_caught():
    """The comparison can fail: a row with a slip in its published side (a sign, a missing inner
    derivative, a piece of a case) is reported, not passed."""
    for function, wrong in (("sin(x)", "-cos(x)"), ("exp(x^2)", "exp(x^2)"),
                            ("Max(0, x)", "Piecewise((1, x < 0), (1, True))"), ("asec(x)", "1/(x*sqrt(x^2 - 1))")):
        assert disagreement(Row("slip", 0, function, wrong)) is not None, function


@pytest.mark.parametrize("text, meant", [
    ("log10(x)", "log(x, 10)"), ("log2(x)", "log(x, 2)"), ("log1p(x)", "log(1 + x)"), ("expm1(x)", "exp(x) - 1"),
    ("cbrt(x)", "sign(x)*abs(x)**(1/3)"), ("erfc(x)", "1 - erf(x)"), ("sigmoid(x)", "1/(1 + exp(-x))"),
    ("logistic(x)", "1/(1 + exp(-x))"), ("softplus(x)", "log(1 + exp(x))"), ("relu(x)", "Max(0, x)"),
    ("silu(x)", "x/(1 + exp(-x))"), ("swish(x)", "x/(1 + exp(-x))"), ("gelu(x)", "x/2*(1 + erf(x/sqrt(2)))"),
    ("mish(x)", "x*tanh(log(1 + exp(x)))"), ("softsign(x)", "x/(1 + abs(x))"),
])
def test_the_names_of_other_libraries_are_read_as_what_they_stand_for(text, meant):
    from derive.readers.text import parse

    assert parse(text) == parse(meant)


@pytest.mark.parametrize("text", ["sigmoid", "sigmoid(x, 2)", "relu[1]", "softmax(x)", "x*gelu"])
def test_a_written_out_name_is_refused_where_a_function_is(text):
    from derive.readers.text import ParseError, parse

    with pytest.raises(ParseError):
        parse(text)


def test_a_malformed_row_is_refused(tmp_path):
    table = tmp_path / "bad.txt"
    table.write_text("sin(x) -> cos(x)\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.txt:1"):
        read_table(table)


SAMPLE = [row for row in ROWS if row.line % 9 == 0]  # a row of every table through the real command line


@pytest.mark.parametrize("row", SAMPLE, ids=[row.name for row in SAMPLE])
def test_the_command_line_derives_a_sample_to_the_published_derivative(row, capsys):
    """``derive expr ROW --wrt x --format json``: proven, every check passed, and its result is the
    library's (whose equality with the published derivative the test above shows)."""
    from commandline import run_cli
    from sympy import srepr

    import derive
    from derive.readers.text import parse

    code, out, err = run_cli(["expr", row.function, "--wrt", "x", "--format", "json"], capsys)
    assert code == 0, err
    document = json.loads(out)
    assert document["verified"] is True
    assert document["checks"] and all(check["passed"] for check in document["checks"])
    library = derive.differentiate(parse(row.function), parse("x"), check=False)
    assert document["result"] == srepr(library.result, order="none")
    assert disagreement(row) is None


if __name__ == "__main__":
    import time

    failed = 0
    for row in ROWS:
        began = time.perf_counter()
        try:
            why = disagreement(row)
        except Exception as error:  # noqa: BLE001 -- the report lists every row, whatever ended it
            why = f"{type(error).__name__}: {error}"
        failed += why is not None
        print(f"{time.perf_counter() - began:6.2f}s {row.name:24} {'ok' if why is None else 'FAIL'} "
              f"{row.function}{'' if why is None else ': ' + why[:300]}", flush=True)
    print(f"{len(ROWS) - failed} of {len(ROWS)} rows derived, verified and equal to the published derivative")
    sys.exit(1 if failed else 0)
