"""Every catalog command takes the options of derive expr that make sense for it, and refuses the
others in one line with exit status 2; derive list says which each takes, and says it truly."""

import json

import pytest
from commandline import run_cli

from derive.functions import catalog

ENTRIES = list(catalog.CATALOG)
PLAIN_ENTRIES = [name for name, entry in catalog.CATALOG.items() if not entry.command and "--route" in entry.options]
OWN_ROUTE = [name for name, entry in catalog.CATALOG.items() if not entry.command and "--route" not in entry.options]
EXPR_OPTIONS = ("--wrt", "--format", "--out", "--route", "--fragment", "--explain", "--detail", "--linear", "--seed", "--order", "--hessian",
                "--emit")
MATRIX_OPTIONS = ("--size", "--at")  # a layer's N x N Jacobian at a point, for the layers that declare them
BACKWARD_OPTIONS = ("--backward",)  # a layer's backward pass, for the layers that declare it
# the layers whose point names several arrays (a rectangular matrix), with 2 outputs each
NAMED_POINTS = {"attention-query": "q=1,3 K=1,0;0,1", "attention-value": "q=1,3 K=1,0;0,1 V=1,2;3,4",
                "linear": "x=1,3 W=1,0;0,1 b=0,0"}


def refused(code, out, err) -> bool:
    """Exit 2 with one line on stderr, which says why (never a usage error of the option itself)."""
    lines = err.strip().splitlines()
    return code == 2 and len(lines) == 1 and lines[0].startswith("derive: error: ") and "No such option" not in err


def options_of(command: str) -> set[str]:
    import typer.main

    from derive import cli

    found = typer.main.get_command(cli.app).commands[command]
    return {name for param in found.params for name in param.opts if name.startswith("--")}


@pytest.mark.parametrize("name", ENTRIES)
def test_every_entry_declares_only_options_of_derive_expr_and_its_command_has_them(name):
    entry = catalog.CATALOG[name]
    command = entry.command.split()[-1] if entry.command else "function"
    assert set(entry.options) - set(MATRIX_OPTIONS) - set(BACKWARD_OPTIONS) <= set(EXPR_OPTIONS)
    assert set(entry.options) <= options_of(command)
    assert set(EXPR_OPTIONS) <= options_of(command), "every option of derive expr is at least understood"


@pytest.mark.parametrize("name", [name for name, entry in catalog.CATALOG.items() if not entry.command])
def test_size_and_at_work_where_declared_and_are_refused_in_one_line_elsewhere(name, capsys):
    point = NAMED_POINTS.get(name, "1,3")
    code, out, err = run_cli([name, "--size", "2", "--at", point, "--format", "json"], capsys)
    if "--size" in catalog.CATALOG[name].options:
        assert code == 0, err
        assert json.loads(out)["verified"] is True
    else:
        assert refused(code, out, err) and "--size" in err


@pytest.mark.parametrize("name", [name for name, entry in catalog.CATALOG.items() if not entry.command])
def test_backward_works_where_declared_and_is_refused_in_one_line_elsewhere(name, capsys):
    code, out, err = run_cli([name, "--backward", "--format", "json"], capsys)
    if "--backward" in catalog.CATALOG[name].options:
        assert code == 0, err
        document = json.loads(out)
        assert document["verified"] is True and any(step["rule"] == "proven derivative" for step in document["steps"])
    else:
        assert refused(code, out, err) and "--backward" in err


def test_derive_list_says_which_options_each_entry_takes(capsys):
    code, out, _ = run_cli(["list"], capsys)
    assert code == 0
    said = {}
    for line in out.split("own variable):\n", 1)[1].splitlines():
        names, options = line.strip().split(": ", 1)
        for name in names.split(", "):
            said[name] = tuple(options.split("; its own: ")[0].split(", "))
    assert said == {name: entry.options for name, entry in catalog.CATALOG.items()}


@pytest.mark.parametrize("name", PLAIN_ENTRIES)
def test_a_plain_entry_takes_format_seed_explain_and_each_route(name, capsys):
    for route in ("quotient", "product"):
        code, out, err = run_cli([name, "--format", "json", "--seed", "7", "--explain", "--route", route], capsys)
        assert code == 0, err
        document = json.loads(out)
        assert document["verified"] is True and document["seed"] == 7
        assert all(check["passed"] for check in document["checks"])


@pytest.mark.parametrize("name", PLAIN_ENTRIES)
def test_a_plain_entry_takes_the_log_route_or_says_in_one_line_which_derivative_it_cannot_take(name, capsys):
    code, out, err = run_cli([name, "--route", "log", "--format", "json"], capsys)
    assert code == 0 or refused(code, out, err), err
    if code == 2:
        assert "no rule of the route 'log" in err
    else:
        assert json.loads(out)["verified"] is True


@pytest.mark.parametrize("name", ["sigmoid", "relu", "mse"])
def test_route_all_compares_the_routes_of_an_entry(name, capsys):
    code, out, err = run_cli([name, "--route", "all", "--format", "markdown"], capsys)
    assert code == 0, err
    assert "Route: quotient" in out and "Route: product" in out and "Route: log" in out


def test_route_all_with_an_order_is_refused_in_one_line(capsys):
    assert refused(*run_cli(["sigmoid", "--route", "all", "--order", "2"], capsys))


@pytest.mark.parametrize("name", PLAIN_ENTRIES)
def test_a_plain_entry_writes_out_atomically_and_takes_fragment(name, tmp_path, capsys):
    target = tmp_path / f"{name}.tex"
    code, out, err = run_cli([name, "--format", "latex", "--fragment", "--out", str(target)], capsys)
    assert code == 0, err
    assert out == "" and r"\begin{document}" not in target.read_text(encoding="utf-8")
    assert target.read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("name", PLAIN_ENTRIES)
def test_order_two_works_even_where_the_first_order_splits_into_cases(name, capsys):
    code, out, err = run_cli([name, "--order", "2", "--format", "json"], capsys)
    assert code == 0, err
    document = json.loads(out)
    assert document["verified"] is True and document["order"] == 2


@pytest.mark.parametrize("name", PLAIN_ENTRIES + OWN_ROUTE)
def test_emit_writes_code_where_declared_and_is_refused_in_one_line_elsewhere(name, capsys):
    code, out, err = run_cli([name, "--emit", "numpy"], capsys)
    if "--emit" in catalog.CATALOG[name].options:
        assert code == 0, err
        compile(out, f"{name}.py", "exec")
        indexed = hasattr(catalog.CATALOG[name].build().variable, "indices")
        assert ("def jacobian" in out and "def backward" in out) if indexed else "def derivative" in out
    else:
        assert refused(code, out, err) and "derive list" in err


@pytest.mark.parametrize("name", ["logsumexp", "layernorm", "batchnorm"])
def test_emit_of_an_indexed_entry_writes_out_atomically_and_refuses_an_order(name, tmp_path, capsys):
    target = tmp_path / "layer.py"
    code, out, err = run_cli([name, "--emit", "torch", "--out", str(target)], capsys)
    assert code == 0 and out == "", err
    assert "import torch" in target.read_text() and not list(tmp_path.glob("*.tmp"))
    code, out, err = run_cli([name, "--emit", "numpy", "--order", "2"], capsys)
    assert refused(code, out, err) and "--order" in err


@pytest.mark.parametrize("name", PLAIN_ENTRIES)
def test_hessian_works_where_declared_and_is_refused_in_one_line_elsewhere(name, capsys):
    code, out, err = run_cli([name, "--hessian", "--format", "json"], capsys)
    if "--hessian" in catalog.CATALOG[name].options:
        assert code == 0, err
        document = json.loads(out)
        assert document["verified"] is True and document["order"] == 2 and len(document["variables"]) == 2
        assert any(check["subject"].startswith("result against sympy.diff twice") and check["passed"]
                   for check in document["checks"])
    else:
        assert refused(code, out, err)


@pytest.mark.parametrize("name", PLAIN_ENTRIES)
def test_another_variable_is_refused_in_one_line_and_the_own_variable_is_taken(name, capsys):
    assert refused(*run_cli([name, "--wrt", "q"], capsys))
    own = str(catalog.CATALOG[name].build().variable)
    code, out, err = run_cli([name, "--wrt", own, "--format", "json"], capsys)
    assert code == 0, err


@pytest.mark.parametrize("argv, words", [
    (["softmax", "--order", "2"], "three indices"),
    (["softmax", "--hessian"], "softmax-cross-entropy --order 2"),
    (["softmax", "--wrt", "x"], "--wrt is derive expr's"),
    (["softmax-cross-entropy", "--order", "3"], "order 2 at most"),
    (["softmax-cross-entropy", "--hessian", "--order", "3"], "--hessian is the second derivative"),
    (["softmax-cross-entropy", "--size", "3"], "add --order 2"),
    (["softmax-cross-entropy", "--emit", "numpy", "--order", "2"], "from the first derivative"),
    (["softmax-cross-entropy", "--route", "all"], "--route all"),
    (["softmax-cross-entropy", "--wrt", "z[k]"], "--wrt is derive expr's"),
])
def test_the_commands_of_softmax_refuse_what_makes_no_sense_in_one_line(argv, words, capsys):
    code, out, err = run_cli(argv, capsys)
    assert refused(code, out, err) and words in err


@pytest.mark.parametrize("route", ["product", "log"])
def test_the_cross_entropy_takes_the_route_of_the_softmax_derivative_it_uses(route, capsys):
    code, out, err = run_cli(["softmax-cross-entropy", "--route", route, "--format", "json"], capsys)
    assert code == 0, err
    document = json.loads(out)
    assert document["verified"] is True and all(check["passed"] for check in document["checks"])
    assert any(step["rule"] == "proven derivative" for step in document["steps"])


def test_the_cross_entropy_takes_explain_out_and_seed(tmp_path, capsys):
    target = tmp_path / "loss.md"
    code, _, err = run_cli(["softmax-cross-entropy", "--explain", "--seed", "3", "--format", "markdown",
                            "--out", str(target)], capsys)
    assert code == 0, err
    assert "seed 3" in target.read_text(encoding="utf-8")


def test_the_library_refuses_a_route_for_an_entry_with_a_command_of_its_own_rather_than_ignore_it():
    from derive.engine.run import DerivationError

    with pytest.raises(DerivationError, match="derive softmax --route"):
        catalog.derive_entry("softmax", route="log")


@pytest.mark.parametrize("name", OWN_ROUTE)
def test_an_entry_with_a_route_of_its_own_refuses_another_route_and_another_order_in_one_line(name, capsys):
    assert refused(*run_cli([name, "--route", "log"], capsys))
    if "--order" not in catalog.CATALOG[name].options:
        assert refused(*run_cli([name, "--order", "2"], capsys))
