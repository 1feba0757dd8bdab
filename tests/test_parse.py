"""Reading typed expressions: a whitelist; nothing in the text ever runs; bombs are refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sympy import E, IndexedBase, Integer, Rational, Symbol, exp, log, pi, sin, sqrt

from derive import cli
from derive.readers.text import ParseError, parse, parse_variable

ROOT = Path(__file__).resolve().parent.parent
x, y, z1, z2, z3 = (Symbol(name) for name in ("x", "y", "z1", "z2", "z3"))


@pytest.mark.parametrize("text, expected", [
    ("exp(z1)/(exp(z1)+exp(z2)+exp(z3))", exp(z1) / (exp(z1) + exp(z2) + exp(z3))),
    ("x^2 + 3*x - 1/2", x**2 + 3 * x - Rational(1, 2)),
    ("-x**-1", -x**-1),
    ("log(x, 2) + ln(y)", log(x, 2) + log(y)),
    ("sqrt(x)*sin(pi*x) + E", sqrt(x) * sin(pi * x) + E),
    ("0.25*x", Rational(1, 4) * x),
    ("z[k] + z[1]", IndexedBase("z")[Symbol("k", integer=True)] + IndexedBase("z")[Integer(1)]),
    ("root(x, 3) + pow(x, y) + exp2(x)", x**Rational(1, 3) + x**y + 2**x),
    ("hypot(x, y) + logit(x)", sqrt(x**2 + y**2) + log(x / (1 - x))),
])
def test_what_is_read(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize("text, named", [
    ("__import__('os').system('touch /tmp/derive-pwned')", "__import__"),
    ("x.__class__", "x.__class__"),
    ("(lambda: 1)()", "lambda"),
    ("exec('1')", "exec"),
    ("'text' + x", "'text'"),
    ("[x for x in y]", "for"),
    ("x if y else 1", "if"),
    ("f(x)", "f"),
    ("exp(x=1)", "keyword"),
    ("_x + 1", "_x"),
    ("a" * 40, "a" * 30),
    ("x == y", "=="),
    ("9**9**9**9", "too large"),
    ("x**(10**10**10)", "too large"),
    ("factorial(10**9)", "factorial"),
    ("1e999999*x", "too large"),
    ("1" * 200, "digits"),
    ("(" * 3000 + "x" + ")" * 3000, "characters"),
    ("-(" * 100 + "x" + ")" * 100, "nested"),
    ("x" + "+x" * 1500, "characters"),
    ("", "empty"),
    ("Max(asin(3), x)", "Max cannot take these arguments"),  # SymPy cannot order a complex number
    ("gamma(10**6)*x", "gamma of a number beyond"),  # SymPy would work out a factorial of 5.5 million digits
    ("loggamma(1001)*x", "loggamma of a number beyond"),
    ("polygamma(10**5, x)", "polygamma of a number beyond"),
    ("polygamma(x, x)", "order of polygamma"),
    ("polygamma(1/2, x)", "order of polygamma"),
    ("polygamma(x)", "polygamma takes 2 argument(s)"),
    ("pow(2, 10**100)*x", "a power too large"),  # the bounds of **, before SymPy works the power out
    ("pow(x, 10**10)", "a power too large"),
    ("exp2(10**9)*x", "a power too large"),
    ("pow(0, -1)*x", "division by zero"),
    ("root(x, 0)", "a root of order 0"),
])
def test_what_is_refused_with_the_offending_part(text, named):
    with pytest.raises(ParseError) as refused:
        parse(text)
    assert named in str(refused.value)


def test_brackets_alone_are_harmless():
    assert parse("(" * 150 + "x" + ")" * 150) == x


def test_a_variable_must_be_a_name():
    assert parse_variable("z[k]") == IndexedBase("z")[Symbol("k", integer=True)]
    with pytest.raises(ParseError):
        parse_variable("x + 1")


@pytest.mark.parametrize("text", ["__import__('os').system('touch {marker}')",
                                  "exp(__import__('pathlib').Path('{marker}').touch())"])
def test_nothing_runs_and_the_command_exits_2(text, tmp_path):
    marker = tmp_path / "ran"
    completed = subprocess.run([sys.executable, "-m", "derive.cli", "expr", text.format(marker=marker), "--wrt", "x"],
                               cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 2 and completed.stdout == ""
    assert len(completed.stderr.strip().splitlines()) == 1 and "Traceback" not in completed.stderr
    assert not marker.exists()


@pytest.mark.parametrize("text", ["9**9**9**9", "x**(10**10**10)", "factorial(10**9)", "1e999999*x",
                                  "(" * 5000 + "x" + ")" * 5000, "x*" * 400000 + "x"])
def test_bombs_are_refused_with_exit_2(text, capsys):
    with pytest.raises(SystemExit) as raised:
        cli.main(["expr", text, "--wrt", "x"])
    err = capsys.readouterr().err
    assert raised.value.code == 2 and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("text, name", [("I*x", "I"), ("exp(I*x)", "I"), ("Sum(x**n, (n, 1, oo))", "oo"),
                                        ("x + zoo", "zoo"), ("nan*x", "nan"), ("z[oo]", "oo")])
def test_sympys_names_for_what_is_not_a_real_number_are_refused_not_read_as_symbols(text, name, capsys):
    # read as plain symbols, I*x would be proven as the product of two reals and a sum to oo as one
    # of a length called oo: neither is what the user wrote
    with pytest.raises(SystemExit) as raised:
        cli.main(["expr", text, "--wrt", "x"])
    err = capsys.readouterr().err
    assert raised.value.code == 2 and len(err.strip().splitlines()) == 1 and err.strip().endswith(f": {name}")
    assert str(parse("I0*x")) == "I0*x"  # a name that only starts like one is a symbol


def test_the_users_softmax_is_derived_with_the_same_rules(capsys):
    with pytest.raises(SystemExit) as raised:
        cli.main(["expr", "exp(z1)/(exp(z1)+exp(z2)+exp(z3))", "--wrt", "z1", "--format", "json"])
    out = capsys.readouterr().out
    assert raised.value.code == 0
    import json

    data = json.loads(out)
    assert data["verified"] is True and data["steps"][0]["rule"] == "quotient rule"
    assert {"sum rule", "constant rule", "exponential rule", "variable rule"} <= {s["rule"] for s in data["steps"]}


def test_a_function_without_a_rule_is_named(capsys, monkeypatch):
    """Every function the reader knows has a rule; a route without the max rule stands in for one that lacks it."""
    from dataclasses import replace

    from derive.engine import routes
    from derive.rules.functions.extremum_rule import extremum_rule

    lacking = replace(routes.QUOTIENT, rules=tuple(rule for rule in routes.QUOTIENT.rules if rule is not extremum_rule))
    monkeypatch.setitem(routes.ROUTES, "quotient", lacking)
    with pytest.raises(SystemExit) as raised:
        cli.main(["expr", "Max(x, y)*x", "--wrt", "x"])
    err = capsys.readouterr().err
    assert raised.value.code == 2 and "Derivative(Max(x, y), x)" in err


def test_a_refusal_names_the_part_of_text_with_leading_space_and_wide_characters():
    """The parser reads the text stripped (a no-break space is space): the part named is cut from
    that text, not from the text as given, so a character of several bytes is never cut in two."""
    with pytest.raises(ParseError, match="not a usable name: À0"):
        parse("\xa0À0")


RECIPROCAL_AND_INVERSE = ["sec", "csc", "cot", "asec", "acsc", "acot", "sech", "csch", "coth", "asech", "acsch", "acoth"]


@pytest.mark.parametrize("name", RECIPROCAL_AND_INVERSE)
def test_the_reciprocal_functions_and_every_inverse_are_read(name):
    import sympy

    assert parse(f"{name}(2*x)") == getattr(sympy, name)(2 * Symbol("x"))


@pytest.mark.parametrize("text, name", [("arcsec(x)", "asec"), ("arccot(x)", "acot"), ("arsinh(x)", "asinh"),
                                        ("arccosh(x)", "acosh"), ("arcoth(x)", "acoth"), ("arctan(x)", "atan")])
def test_the_textbook_names_of_the_inverses_are_read(text, name):
    import sympy

    assert parse(text) == getattr(sympy, name)(Symbol("x"))


@pytest.mark.parametrize("latex, name", [(r"\sec x", "sec"), (r"\cot{x}", "cot"), (r"\coth(x)", "coth"),
                                         (r"\operatorname{arcsec}(x)", "asec"), (r"\operatorname{sech} x", "sech"),
                                         (r"\operatorname{arcoth}\left(x\right)", "acoth"), (r"\arctan x", "atan")])
def test_latex_reads_the_reciprocal_and_inverse_functions(latex, name):
    import sympy

    from derive.readers.latex import translate

    assert parse(translate(latex)) == getattr(sympy, name)(Symbol("x"))


def test_latex_refuses_an_operator_name_it_does_not_know():
    from derive.readers.latex import LatexError, translate

    with pytest.raises(LatexError, match=r"operatorname\{foo\} is not a function read here"):
        translate(r"\operatorname{foo}(x)")


def test_e_is_eulers_number_and_not_a_variable():
    x = Symbol("x")
    assert parse("e^x") == exp(x) and parse("E**x") == exp(x) and parse("2*e") == 2 * E
    with pytest.raises(ParseError, match="Euler's number"):
        parse_variable("e")
    with pytest.raises(ParseError, match="constant cannot be an index"):
        parse("z[e]")


def test_e_to_the_x_derives_to_itself_without_a_log_of_e(capsys):
    with pytest.raises(SystemExit) as raised:
        cli.main(["expr", "e^x", "--wrt", "x", "--format", "json"])
    import json

    data = json.loads(capsys.readouterr().out)
    assert raised.value.code == 0 and data["verified"] is True and data["result"] == "exp(Symbol('x'))"


@pytest.mark.parametrize("text", ["gamma(x)", "loggamma(x)", "lgamma(x)", "digamma(x)", "trigamma(x)",
                                  "polygamma(2, x)", "erfi(x)", "erfinv(x)", "Ei(x)", "li(x)", "Si(x)", "Ci(x)",
                                  "Shi(x)", "Chi(x)", "LambertW(x)", "lambertw(x)", "sinc(x)", "fresnels(x)",
                                  "fresnelc(x)"])
def test_the_special_functions_are_read_and_derived_with_their_rules(text, capsys):
    import json

    with pytest.raises(SystemExit) as raised:
        cli.main(["expr", f"{text}*x", "--wrt", "x", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert raised.value.code == 0 and data["verified"] is True
    rules = {step["rule"] for step in data["steps"]}
    assert "product rule" in rules and rules & {"gamma function rule", "log-gamma rule", "polygamma rule",
                                                "imaginary error function rule", "inverse error function rule",
                                                "exponential integral rule", "logarithmic integral rule",
                                                "sine integral rule", "cosine integral rule",
                                                "hyperbolic sine integral rule", "hyperbolic cosine integral rule",
                                                "Lambert W rule", "sinc rule", "Fresnel sine integral rule",
                                                "Fresnel cosine integral rule"}
    steps = next(check for check in data["checks"] if check["subject"].startswith("step 1"))
    assert steps["points"] >= 200  # the screen's many points (erfinv is real on (-1, 1) only), not 30 digits alone


def test_a_slip_in_a_special_functions_derivative_is_caught(tmp_path, capsys):
    slip = tmp_path / "gamma.txt"
    slip.write_text("diff(gamma(x), x)\n= gamma(x)*polygamma(1, x)\n")
    with pytest.raises(SystemExit) as raised:
        cli.main(["check", str(slip)])
    assert raised.value.code == 1 and "line 2 does not follow" in capsys.readouterr().out


# -- misreadings found by the red team (tests/check_files/redteam_*)

@pytest.mark.parametrize("text, expected", [
    ("2.00000000000000000001*x", Rational(200000000000000000001, 10**20) * x),  # a double would round it to 2
    ("1e-3", Rational(1, 1000)), ("2.5E+4", Integer(25000)), (".5", Rational(1, 2)), ("2.", Integer(2)),
    ("1.5e20", Integer(150000000000000000000)), ("0.1 + 0.2", Rational(3, 10)),
])
def test_a_decimal_is_read_exactly_from_its_text(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize("text, named", [("1e-999*x", "too small"), ("1." + "1" * 120, "digits")])
def test_a_decimal_too_long_or_too_small_is_refused(text, named):
    with pytest.raises(ParseError, match=named):
        parse(text)


def test_a_decimal_in_latex_is_read_exactly():
    from derive.readers.latex import parse_latex
    assert parse_latex("2.00000000000000000001 x") == Rational(200000000000000000001, 10**20) * x


def test_cbrt_is_the_real_cube_root_and_is_derived_over_the_whole_line(capsys):
    assert parse("cbrt(x)").subs(x, -8) == -2  # as in C and NumPy; the principal root of -8 is not real
    for text in ("cbrt(x)", "cbrt(x**2 - 1)"):
        with pytest.raises(SystemExit) as raised:
            cli.main(["expr", text, "--wrt", "x"])
        assert raised.value.code == 0, capsys.readouterr()


def _script(text: str):
    from derive.readers.check_file import read_script
    return read_script(text, "derivation.txt")


def test_a_derivative_by_a_name_defined_with_where_is_refused_in_one_line():
    from derive.readers.check_file import BadInput
    with pytest.raises(BadInput, match="a derivative by f, a name defined with where"):
        _script("where f = x**2\ndiff(f, f)\n= 1\n")
    with pytest.raises(BadInput, match="a derivative by S\\[k\\], a name defined with where"):
        _script("where S[j] = exp(z[j])\ndiff(S[j], S[k])\n= 0\n")
    assert _script("where f = x**2\ndiff(f, x)\n= 2*x\n").lines()  # by an input it is read


@pytest.mark.parametrize("name", ["redteam_derivative_by_defined_name.txt", "redteam_dummy_capture.txt",
                                  "redteam_dummy_capture_true.txt"])
def test_the_red_teams_ambiguous_derivatives_exit_2_in_one_line(name, capsys):
    with pytest.raises(SystemExit) as raised:
        cli.main(["check", str(ROOT / "tests" / "check_files" / name), "--seed", "1"])
    err = capsys.readouterr().err
    assert raised.value.code == 2 and len(err.strip().splitlines()) == 1 and "internal error" not in err, err


CAPTURE = "the summation index k is also an index of the variable x\\[k\\]; rename one"


def test_a_sum_over_an_index_of_the_variable_is_refused_naming_the_index():
    import derive
    from derive.readers.check_file import BadInput
    from derive.readers.inputs import BadExpression
    with pytest.raises(BadInput, match=CAPTURE):
        _script("diff(Sum(x[k]**2, (k, 1, L)), x[k])\n= 2*x[k]\n")
    with pytest.raises(BadInput, match=CAPTURE):  # through a name defined with where
        _script("where Q = Sum(x[k]**2, (k, 1, L))\ndiff(Q, x[k])\n= 2*x[k]\n")
    with pytest.raises(BadExpression, match=CAPTURE):
        derive.differentiate("Sum(x[k]**2, (k, 1, L))", "x[k]")
    assert _script("diff(Sum(x[l]**2, (l, 1, L)), x[k])\n= 2*x[k]\n").lines()  # another letter: read
    with pytest.raises(BadExpression, match="summation index k"):  # the checker's k would be the sum's too
        derive.differentiate("Sum(y[k]**2, (k, 1, L)) + x[k]**2", "x[k]")
    assert derive.differentiate("Sum(x[l]**2, (l, 1, L))", "x[k]").verified


def test_derive_expr_refuses_a_sum_over_the_index_of_wrt_with_exit_2(capsys):
    with pytest.raises(SystemExit) as raised:
        cli.main(["expr", "Sum(x[k]**2, (k, 1, L))", "--wrt", "x[k]"])
    err = capsys.readouterr().err
    assert raised.value.code == 2 and "summation index k is also an index of the variable x[k]" in err


@pytest.mark.parametrize("latex, text", [
    (r"\frac{d}{dx} x^2 \sin x", "Derivative(((x**2)*sin(x)), x)"),  # the whole product, as textbooks mean it
    (r"\frac{d}{dx} 3x", "Derivative((3*x), x)"),
    (r"\frac{\partial}{\partial x} x y + 1", "(Derivative((x*y), x) + 1)"),  # up to the next + or -
    (r"\frac{d}{dx} (x) \sin x", "(Derivative(x, x)*sin(x))"),  # with brackets, to the bracket
    (r"\frac{d}{dx} \left( x \right)^2 y", "(Derivative((x**2), x)*y)"),
    (r"\frac{d}{dx} x \cdot y", "(Derivative(x, x)*y)"),  # an explicit product sign ends it
    (r"\frac{d}{dx} x \frac{d}{dx} y", "(Derivative(x, x)*Derivative(y, x))"),  # so does another operator
    (r"(\frac{d}{dx} x y) z", "(Derivative((x*y), x)*z)"),  # so does the end of the group
])
def test_a_latex_operator_applies_to_the_product_after_it(latex, text):
    from derive.readers.latex import translate
    assert translate(latex) == text


@pytest.mark.parametrize("latex, text", [
    (r"\sin 2x", "sin(2*x)"), (r"\sin 2 \pi x", "sin(2*pi*x)"), (r"\sin x^2", "sin((x**2))"),
    (r"\sin x \cos x", "(sin(x)*cos(x))"),  # the argument ends at the next function
    (r"\sin 2x + 1", "(sin(2*x) + 1)"), (r"\sin x \cdot y", "(sin(x)*y)"), (r"\sin(x) y", "(sin(x)*y)"),
    (r"\sin 2", "sin(2)"),
])
def test_a_latex_functions_argument_without_brackets_is_the_product_after_it(latex, text):
    from derive.readers.latex import translate
    assert translate(latex) == text


@pytest.mark.parametrize("arguments", [
    ["expr", "Q", "--where", "Q = Sum(x[k]**2, (k, 1, L))", "--wrt", "x[k]"],  # inside a named part
    ["expr", "diff(Sum(x[k]**2, (k, 1, L)), x[k])*y", "--wrt", "y"],  # inside a derivative written in the text
])
def test_a_captured_index_is_refused_wherever_the_sum_is_written(arguments, capsys):
    with pytest.raises(SystemExit) as raised:
        cli.main(arguments)
    err = capsys.readouterr().err
    assert raised.value.code == 2 and "the summation index k is also an index of the variable x[k]" in err, err


def test_a_named_sum_over_another_letter_is_derived(capsys):
    with pytest.raises(SystemExit) as raised:
        cli.main(["expr", "Q", "--where", "Q = Sum(x[l]**2, (l, 1, L))", "--wrt", "x[k]"])
    assert raised.value.code == 0, capsys.readouterr()
