"""The `derive` command line: thin, and quick to start (SymPy is imported only inside commands).

Exit codes (`Exit`): 0 proven; 1 a step or the result failed its check (or an internal error);
2 bad input (an unknown option or choice, an unwritable output path, input the library refuses),
always one line on stderr; 130 interrupted; 128 + N ended by signal N while --out was written.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import os
import signal
import stat
import sys
import threading
from enum import Enum, IntEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from derive.errors import DeriveError  # a leaf module: it imports no SymPy

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: `derive --help` need not import rich
    pretty_exceptions_enable=False,
    help="Symbolic derivations, step by step, every step checked.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    """Output formats; the same names as derive.printers.FORMATS (a test keeps them in step)."""

    text = "text"
    latex = "latex"
    markdown = "markdown"
    json = "json"
    html = "html"


class Detail(str, Enum):
    """How much of a derivation is told: the same names as derive.rules.DETAILS."""

    brief = "brief"
    normal = "normal"
    full = "full"


class Language(str, Enum):
    """The languages code is generated in; the same names as derive.functions.codegen.BACKENDS (a test keeps
    them in step)."""

    numpy = "numpy"
    torch = "torch"


class RouteName(str, Enum):
    """Routes to the softmax derivative; the same names as derive.ROUTES (a test keeps them in step)."""

    quotient = "quotient"
    product = "product"
    log = "log"
    all = "all"


class NotationName(str, Enum):
    """Notations; the same names as derive.functions.notation.NOTATIONS (a test keeps them in step)."""

    textbook = "textbook"
    qa = "qa"


class Exit(IntEnum):
    """The exit codes of `derive`; `_report` maps every error to one of them."""

    OK = 0
    NOT_PROVEN = 1  # a step or the result failed its check
    INTERNAL_ERROR = 1  # a bug of derive's own (an alias of NOT_PROVEN: nothing was proven)
    BAD_INPUT = 2  # the input cannot be worked with: one line on stderr
    INTERRUPTED = 130  # 128 + SIGINT, as a shell reports it

    @staticmethod
    def signalled(number: int) -> int:
        """128 + the signal's number, as a shell reports a process a signal ended."""
        return 128 + number


class UserError(DeriveError):
    """Bad input the command line finds itself: reported in one line, exit code 2."""


class Signalled(BaseException):
    """A signal that ends the run arrived while an output file was being written."""

    def __init__(self, number: int):
        self.number = number
        super().__init__(number)


class Options:
    traceback = False


RUN_SECONDS = 600.0  # the bound of a whole run, whatever the command (each part has a shorter one of its own)

# The signals that end a process unless caught: while --out is written, each removes the temporary
# file first (SIGKILL and SIGSTOP cannot be caught; SIGALRM is the time bounds' own).
ENDING_SIGNALS = tuple(getattr(signal, name) for name in (
    "SIGHUP", "SIGINT", "SIGQUIT", "SIGTERM", "SIGPIPE", "SIGUSR1", "SIGUSR2", "SIGXCPU", "SIGXFSZ",
    "SIGVTALRM", "SIGPROF", "SIGIO", "SIGPWR", "SIGSYS", "SIGTRAP") if hasattr(signal, name))


def shown(text: str) -> str:
    """``text`` safe to print on one terminal line: control characters (escape sequences, new
    lines), invisible format characters and bytes that were not UTF-8 are shown escaped."""
    return "".join(character if character.isprintable() or character == " "
                   else character.encode("unicode_escape", "backslashreplace").decode("ascii")
                   for character in str(text))


def say(message: str) -> None:
    """One line on stderr: ``derive: message``, escaped."""
    print(f"derive: {shown(message)}", file=sys.stderr)


def _output_kind(path: Path) -> tuple[Path, str, Optional[os.stat_result]]:
    """Where ``path`` writes (a symbolic link is followed to its target) and what is there:
    'new', 'file', 'device' (a character device such as /dev/null) or 'fifo'; UserError for a
    directory or another special file."""
    target = Path(os.path.realpath(path))
    try:
        status = os.stat(target)
    except FileNotFoundError:
        return target, "new", None
    except OSError as error:
        raise UserError(f"cannot write {path}: {error.strerror or error}") from None
    if stat.S_ISDIR(status.st_mode):
        raise UserError(f"cannot write {path}: it is a directory")
    if stat.S_ISREG(status.st_mode):
        return target, "file", status
    if stat.S_ISCHR(status.st_mode):
        return target, "device", status
    if stat.S_ISFIFO(status.st_mode):
        return target, "fifo", status
    raise UserError(f"cannot write {path}: it is a special file (a block device or a socket), not written")


def _temporary_prefix(target: Path) -> str:
    """``.NAME.`` for the temporary file beside ``target``, NAME shortened so the whole name
    (with mkstemp's 8 random characters and '.tmp') fits the file system's limit."""
    try:
        longest = os.pathconf(target.parent, "PC_NAME_MAX")
    except (OSError, ValueError):
        longest = 255
    name = target.name
    while len(os.fsencode(f".{name}.")) + 8 + len(".tmp") > longest:
        name = name[:-1]
    return f".{name}."


def _new_file_mode() -> int:
    """The mode a new file gets under the umask (0666 without it)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def _signals_raise():
    """While the block runs, a signal that would end the process raises `Signalled` instead, so
    the block's clean-up runs; the previous handlers come back after it."""
    def handler(number, frame):  # noqa: ARG001 - the signal handler's signature
        raise Signalled(number)

    previous = {}
    if threading.current_thread() is threading.main_thread():
        for number in ENDING_SIGNALS:
            try:
                previous[number] = signal.signal(number, handler)
            except (OSError, ValueError):
                continue
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


@contextlib.contextmanager
def _signals_held():
    """The ending signals wait (blocked) until the block is left, then arrive."""
    held = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    if held:
        signal.pthread_sigmask(signal.SIG_BLOCK, ENDING_SIGNALS)
    try:
        yield
    finally:
        if held:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, ENDING_SIGNALS)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: a temporary file beside it, then a rename.

    A symbolic link is followed (its target is written); a character device (/dev/null) or a
    FIFO is written directly, never replaced; an existing file keeps its mode, a new one gets the
    umask's. A signal that can be caught removes the temporary file before the run ends.
    Every error names ``path``.
    """
    target, kind, status = _output_kind(path)
    try:
        if kind in ("device", "fifo"):
            _write_directly(path, target, kind, text)
            return
        import tempfile  # here: --help and the commands that write no file need not load it

        with _signals_raise():
            temporary = None
            try:
                with _signals_held():  # the temporary file is never made without its name being known here
                    handle, temporary = tempfile.mkstemp(prefix=_temporary_prefix(target), suffix=".tmp",
                                                         dir=target.parent)
                os.fchmod(handle, stat.S_IMODE(status.st_mode) if status is not None else _new_file_mode())
                if status is not None and hasattr(os, "fchown") and os.geteuid() == 0:
                    os.fchown(handle, status.st_uid, status.st_gid)
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    stream.write(text)
                    stream.flush()
                    os.fsync(stream.fileno())
                os.replace(temporary, target)
                temporary = None
            except BaseException:
                if temporary is not None:
                    Path(temporary).unlink(missing_ok=True)
                raise
    except OSError as error:
        raise UserError(f"cannot write {path}: {error.strerror or error}") from None
    except UnicodeEncodeError:
        raise UserError(f"cannot write {path}: the text holds characters that are not UTF-8") from None


def _write_directly(path: Path, target: Path, kind: str, text: str) -> None:
    """Into a character device or a FIFO, which is never replaced; a FIFO no process reads is
    refused at once (opening it would wait for a reader for ever)."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | (os.O_NONBLOCK if kind == "fifo" else 0)
    try:
        handle = os.open(target, flags)
    except OSError as error:
        if error.errno == errno.ENXIO and kind == "fifo":
            raise UserError(f"cannot write {path}: no process reads the FIFO") from None
        raise
    try:
        if kind == "fifo":
            os.set_blocking(handle, True)
        data = text.encode("utf-8")
        while data:
            data = data[os.write(handle, data):]
    finally:
        os.close(handle)


def check_writable(path: Path) -> None:
    """Fail fast, before any work, when ``path`` cannot be written."""
    target, kind, status = _output_kind(path)
    if kind in ("device", "fifo"):
        if not os.access(target, os.W_OK):
            raise UserError(f"cannot write {path}: permission denied")
        return
    directory = target.parent
    if not directory.is_dir():
        raise UserError(f"cannot write {path}: the directory {directory} does not exist")
    if not os.access(directory, os.W_OK) or (status is not None and not os.access(target, os.W_OK)):
        raise UserError(f"cannot write {path}: permission denied")


def emit(record, format: Format, out: Optional[Path], fragment: bool = False, explain: bool = False, *,
         detail: Detail = Detail.normal, linear: bool = False) -> None:
    """Print or write a record (a derivation, a comparison of routes, a Jacobian), then exit 1 if
    a check failed. The printer is `derive.printers.printer`'s choice for the record and format."""
    from derive.printers import printer

    try:
        chosen = printer(record, format.value)
    except ValueError as error:  # a format this kind of record has no printer for (html: one derivation only)
        raise UserError(f"--format {format.value} is not available here: {error}") from None
    options = {"explain": explain}
    if format is Format.latex:
        options["fragment"] = fragment
    if format in (Format.text, Format.markdown, Format.latex, Format.html):
        options.update(detail=detail.value, linear=linear)
    if out is not None:
        write_atomically(out, chosen.render(record, **options))
    elif chosen.renderables is not None:
        from rich.console import Console

        console = Console(highlight=False)
        for part in chosen.renderables(record, width=console.width, **options):
            console.print(part)
    else:
        sys.stdout.write(chosen.render(record, **options))
    if not record.verified:
        say(f"not proven: {_first_failure(record)}")
        raise typer.Exit(Exit.NOT_PROVEN)


def _top_level_parts(text: str) -> list[str]:
    """``x, y`` -> ["x", "y"]; a comma inside brackets or quotes (``z[i, k]``) separates nothing."""
    parts, depth, quote, start = [], 0, "", 0
    for position, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:position])
            start = position + 1
    parts.append(text[start:])
    return [part for part in parts if part.strip()] or [text]


def write_function_code(record, language: str, out: Optional[Path]) -> None:
    """Code for a function of plain variables and its derivative or gradient, generated from the
    verified derivations (from an unverified one, none: exit 1)."""
    if not record.verified:
        say(f"not proven, so no code is generated: {_first_failure(record)}")
        raise typer.Exit(Exit.NOT_PROVEN)
    from derive.functions.codegen import BACKENDS, Untranslatable, derivation_module, gradient_module

    if hasattr(record, "rows"):
        raise UserError("--emit writes the function and its gradient: leave out --hessian")
    indexed = not hasattr(record, "derivations") and getattr(record.variable, "indices", ())
    if indexed and record.order != 1:
        raise UserError("--emit writes forward, jacobian and backward from the first derivative: leave out --order")
    try:
        if indexed:  # forward, jacobian and backward of a function of indexed inputs (a layer)
            from derive.functions.entry_code import entry_module

            code = entry_module(record, BACKENDS[language], source=record.title[:1].lower() + record.title[1:])
        else:
            code = (gradient_module(record, BACKENDS[language]) if hasattr(record, "derivations")
                    else derivation_module(record, BACKENDS[language]))
    except Untranslatable as error:
        raise UserError(f"no {language} code for it: {error}") from None
    if out is not None:
        write_atomically(out, code)
    else:
        sys.stdout.write(code)


SEED_HELP = "Draw the checker's random points from this seed (printed with the checks) to repeat a run."

# The options several commands share, each defined once (the default is the parameter's).
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
OrderOption = Annotated[int, typer.Option("--order", min=1, max=8,
                                          help="The order of the derivative (1 to 8), derived order by order.")]
EmitOption = Annotated[Optional[Language], typer.Option("--emit", help="Write NumPy or PyTorch code for the "
                                                                          "function and its derivative instead.")]
OutOption = Annotated[Optional[Path],
                      typer.Option("--out", "-o", help="Write to FILE (atomically) instead of the terminal.")]
FragmentOption = Annotated[bool, typer.Option("--fragment", help="LaTeX: only the math, to paste into a document.")]
ExplainOption = Annotated[bool, typer.Option("--explain",
                                             help="Add the longer explanation to the steps that have one.")]
DetailOption = Annotated[Detail, typer.Option("--detail", help="brief folds the trivial steps (variable, "
                                              "constant, constant factor rule) into the step that needed them, full "
                                              "shows every rule application; every level is checked alike.")]
LinearOption = Annotated[bool, typer.Option("--linear", help="Text: every expression on one line, none drawn in two "
                                                               "dimensions.")]
BatchOption = Annotated[Optional[bool], typer.Option("--batch/--no-batch", help="Show or hide the sample index.")]
SeedOption = Annotated[Optional[int], typer.Option("--seed", min=0, help=SEED_HELP)]
RouteOption = Annotated[RouteName, typer.Option("--route", help="Which rules to follow (all: every route, compared).")]
WrtOption = Annotated[Optional[str], typer.Option("--wrt", help="derive expr's variable: a catalog function has "
                                                                "its own, so only that one is taken.")]
HessianOption = Annotated[bool, typer.Option("--hessian", help="The matrix of second derivatives, where there is "
                                                              "one (derive softmax-cross-entropy).")]
# Options of derive expr a command understands only to refuse them with the reason (hidden from its --help).
RefusedOrder = Annotated[int, typer.Option("--order", hidden=True)]
RefusedWrt = Annotated[Optional[str], typer.Option("--wrt", hidden=True)]
RefusedHessian = Annotated[bool, typer.Option("--hessian", hidden=True)]


def use_seed(seed: Optional[int]) -> None:
    if seed is not None:
        from derive.checker import use_seed as use

        use(seed)


def _first_failure(record) -> str:
    from derive.checker.checks import DOMAIN

    derivations = getattr(record, "derivations", (record,))
    for derivation in derivations:
        failures = derivation.verification.failures if derivation.verification else ()
        failures = sorted(failures, key=lambda check: check.subject != DOMAIN)  # real nowhere: the reason
        if failures:
            return f"{failures[0].subject} failed its check: {failures[0].detail}"
    for check in getattr(record, "checks", ()):
        if not check.passed:
            return f"{check.subject}: {check.detail}"
    return "it was not verified"


def _print_version(wanted: bool) -> None:
    """--version: the version from derive/__init__.py (which imports no SymPy), then exit 0."""
    if wanted:
        import derive

        print(f"derive {derive.__version__}")
        raise typer.Exit(Exit.OK)


@app.callback()
def main_options(
    ctx: typer.Context,
    traceback: Annotated[bool, typer.Option("--traceback",
                                            help="Show the full traceback of an internal error.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True, expose_value=False,
                                          hidden=True, help="Print derive's version and exit.")] = False,
) -> None:
    Options.traceback = traceback
    from derive.rules.limits import time_limit

    ctx.with_resource(time_limit(RUN_SECONDS, "the command"))  # one bound for the whole run, left when it ends


@app.command(short_help="The softmax derivative dS_j/dz_k, step by step, checked.")
def softmax(
    format: FormatOption = Format.text,
    out: OutOption = None,
    route: Annotated[RouteName, typer.Option("--route", help="Which derivation to follow.")] = RouteName.quotient,
    fragment: FragmentOption = False,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Add the longer explanation to the steps that confuse readers.")] = False,
    notation: Annotated[NotationName, typer.Option(
        "--notation", help="textbook: S, z, i, j, k, l, L; qa: p, o, j, i, k, N.")] = NotationName.textbook,
    function: Annotated[Optional[str], typer.Option("--function", help="Name of the function (S).")] = None,
    input: Annotated[Optional[str], typer.Option("--input", help="Name of the inputs (z).")] = None,
    output_index: Annotated[Optional[str], typer.Option("--output-index", help="Index of the output (j).")] = None,
    wrt_index: Annotated[Optional[str], typer.Option(
        "--wrt-index", help="Index of the input we differentiate by (k).")] = None,
    sum_index: Annotated[Optional[str], typer.Option("--sum-index", help="Summation index (l).")] = None,
    length: Annotated[Optional[str], typer.Option("--length", help="Number of inputs (L).")] = None,
    batch: BatchOption = None,
    sample_index: Annotated[Optional[str], typer.Option(
        "--sample-index", help="Sample index, with --batch (i).")] = None,
    emit_code: Annotated[Optional[Language], typer.Option(
        "--emit", help="Print code generated from the proven results.")] = None,
    backward: Annotated[bool, typer.Option(
        "--backward", help="Derive the backward pass: the vector-Jacobian product.")] = False,
    size: Annotated[Optional[int], typer.Option("--size", help="The N x N Jacobian from the proven result.")] = None,
    at_values: Annotated[Optional[str], typer.Option(
        "--at", help="Evaluate the Jacobian at z, e.g. 1.0,2.0,0.5.")] = None,
    seed: SeedOption = None,
    detail: DetailOption = Detail.normal,
    linear: LinearOption = False,
    order: RefusedOrder = 1,
    wrt: RefusedWrt = None,
    hessian: RefusedHessian = False,
) -> None:
    """Derive d S_j / d z_k for softmax S_j = e^{z_j} / sum_l e^{z_l}, every step checked."""
    if order != 1 or hessian:
        raise UserError("softmax is derived to order 1: its second derivative has three indices (j, k and the "
                        "second input); derive softmax-cross-entropy --order 2 gives the loss's Hessian")
    if wrt is not None:
        raise UserError("softmax is differentiated by its input z_k (rename it with --input and --wrt-index); "
                        "--wrt is derive expr's")
    use_seed(seed)
    if out is not None:
        check_writable(out)
    letters = build_notation(notation, batch, sample_index, function=function, input=input, output=output_index,
                             wrt=wrt_index, summation=sum_index, length=length)
    if emit_code is not None:
        _softmax_code(route, letters, emit_code, out)
    elif backward:
        _softmax_backward(letters, format, out, fragment, explain, detail=detail, linear=linear)
    elif size is not None or at_values is not None:
        _softmax_jacobian(route, letters, size, at_values, format, out, fragment)
    else:
        _softmax_routes(route, letters, format, out, fragment, explain, detail=detail, linear=linear)


def _one_route(route: RouteName) -> str:
    """The route a single derivation follows: --route all compares them, and starts from quotient."""
    return "quotient" if route is RouteName.all else route.value


def _softmax_code(route: RouteName, letters, language: Language, out: Optional[Path]) -> None:
    """softmax --emit: forward, the Jacobian and the backward pass, translated from the proven result."""
    import derive

    write_function_code(derive.softmax(route=_one_route(route), notation=letters), language.value, out)


def _softmax_backward(letters, format: Format, out: Optional[Path], fragment: bool, explain: bool, **view) -> None:
    """softmax --backward: the vector-Jacobian product."""
    from derive.functions.softmax import softmax_backward

    emit(softmax_backward(notation=letters), format, out, fragment, explain, **view)


def _softmax_jacobian(route: RouteName, letters, size: Optional[int], at_values: Optional[str], format: Format,
                      out: Optional[Path], fragment: bool) -> None:
    """softmax --size / --at: the proven result as an N x N Jacobian, checked, and (with --at) its
    values at a point."""
    import derive

    derivation = derive.softmax(route=_one_route(route), notation=letters)
    emit(_matrix_of(derivation, size, at_values), format, out, fragment)


def _matrix_of(derivation, size: Optional[int], at_values: Optional[str]):
    """The proven result as an N x N matrix (the Jacobian, or the Hessian of a second order), and with
    --at its values at a point; a bad size or point is a UserError."""
    from derive.functions.jacobian import at, jacobian, parse_values

    try:
        n = size if size is not None else len(parse_values(at_values)[0])
        record = jacobian(derivation, n)
        if at_values is not None:
            record = at(record, at_values)
    except ValueError as error:
        raise UserError(str(error)) from None
    return record


def _softmax_routes(route: RouteName, letters, format: Format, out: Optional[Path], fragment: bool,
                    explain: bool, **view) -> None:
    """softmax: the derivation along one route, or (--route all) every route, compared."""
    import derive

    if route is RouteName.all:
        from derive.checker.agreement import compare

        record = compare(derive.softmax(route=name, notation=letters) for name in derive.ROUTES)
    else:
        record = derive.softmax(route=route.value, notation=letters)
    emit(record, format, out, fragment, explain, **view)


def build_notation(notation: NotationName, batch: Optional[bool], sample_index: Optional[str], **names):
    """The notation chosen, with the user's own names; a bad name is a UserError."""
    from dataclasses import replace

    from derive.functions.notation import BATCH_INDEX, NOTATIONS

    chosen = NOTATIONS[notation.value]
    sample = chosen.sample
    if batch is True:
        sample = sample_index or chosen.sample or BATCH_INDEX[notation.value]
    elif batch is False:
        sample = None
    elif sample_index is not None:
        sample = sample_index
    try:
        letters = chosen.renamed(**names)
        return letters.renamed(sample=sample) if sample is not None else replace(letters, sample=None)
    except ValueError as error:
        raise UserError(f"bad notation: {error}") from None


@app.command("softmax-cross-entropy", short_help="The gradient of -sum_j y_j log S_j, y one-hot, checked.")
def softmax_cross_entropy(
    format: FormatOption = Format.text,
    out: OutOption = None,
    fragment: FragmentOption = False,
    explain: ExplainOption = False,
    notation: Annotated[NotationName, typer.Option("--notation",
                                                   help="textbook or qa letters.")] = NotationName.textbook,
    batch: BatchOption = None,
    seed: SeedOption = None,
    detail: DetailOption = Detail.normal,
    linear: LinearOption = False,
    route: Annotated[RouteName, typer.Option("--route", help="The route of the softmax derivative the loss's "
                                                             "derivation uses.")] = RouteName.quotient,
    order: OrderOption = 1,
    hessian: Annotated[bool, typer.Option("--hessian", help="The second derivative (the same as --order 2): "
                                                            "S_j (delta_jk - S_k).")] = False,
    size: Annotated[Optional[int], typer.Option("--size", help="With --order 2: the N x N Hessian diag(S) - S S^T, "
                                                               "from the proven result.")] = None,
    at_values: Annotated[Optional[str], typer.Option("--at", help="With --order 2: the Hessian at z, e.g. "
                                                                  "1.0,2.0,0.5.")] = None,
    wrt: RefusedWrt = None,
    emit_code: EmitOption = None,
) -> None:
    """Derive d Loss / d z_k for Loss = -sum_j y_j log S_j with one-hot labels y: S_k - y_k;
    --order 2 (or --hessian): d2 Loss / dz_j dz_k = S_j (delta_jk - S_k), and with --size or --at the Hessian."""
    if hessian and order not in (1, 2):
        raise UserError("--hessian is the second derivative: leave out --order, or give --order 2")
    order = 2 if hessian else order
    if order > 2:
        raise UserError(f"the softmax cross-entropy is derived to order 2 at most (its Hessian), not {order}: its "
                        "third derivative has three indices")
    if route is RouteName.all:
        raise UserError("--route all compares the routes of softmax (derive softmax --route all); give one route "
                        "for the cross-entropy")
    if (size is not None or at_values is not None) and order != 2:
        raise UserError("--size and --at show the Hessian: add --order 2 (the gradient S_k - y_k is a vector)")
    if wrt is not None:
        raise UserError("the cross-entropy is differentiated by the softmax input z_k; --wrt is derive expr's")
    if emit_code is not None and order != 1:
        raise UserError("--emit writes forward, jacobian and backward from the first derivative: leave out --order "
                        "and --hessian")
    use_seed(seed)
    if out is not None:
        check_writable(out)
    letters = build_notation(notation, batch, None)
    if order == 2:
        from derive.functions.hessian import softmax_cross_entropy_hessian

        record = softmax_cross_entropy_hessian(letters, route=route.value)
        if size is not None or at_values is not None:
            record = _matrix_of(record, size, at_values)
        emit(record, format, out, fragment, explain, detail=detail, linear=linear)
        return
    from derive.functions.softmax import softmax_cross_entropy as derive_cross_entropy

    if emit_code is not None:
        write_function_code(derive_cross_entropy(notation=letters, route=route.value), emit_code.value, out)
        return
    emit(derive_cross_entropy(notation=letters, route=route.value), format, out, fragment, explain,
         detail=detail, linear=linear)


@app.command("expr", short_help="Any expression you type, step by step, checked.")
def expr_command(
    expression: Annotated[str, typer.Argument(help="The expression, e.g. 'exp(z1)/(exp(z1)+exp(z2)+exp(z3))'.")],
    wrt: Annotated[str, typer.Option("--wrt", help="The variable to differentiate by, e.g. z1 or z[k].")],
    format: FormatOption = Format.text,
    out: OutOption = None,
    route: Annotated[RouteName, typer.Option("--route", help="Which rules to follow.")] = RouteName.quotient,
    fragment: FragmentOption = False,
    explain: ExplainOption = False,
    seed: SeedOption = None,
    order: OrderOption = 1,
    hessian: Annotated[bool, typer.Option("--hessian", help="With several variables (--wrt x,y): the matrix "
                                                           "of second partial derivatives.")] = False,
    emit_code: EmitOption = None,
    detail: DetailOption = Detail.normal,
    linear: LinearOption = False,
    where: Annotated[Optional[list[str]], typer.Option(
        "--where", help="A named part, as a where line of derive check: 'mu = Sum(x[l], (l, 1, N))/N' or "
                        "'xhat[j] = (x[j] - mu)/sigma'; give it once per name. The result is folded into them.")] = None,
) -> None:
    """Derive d EXPRESSION / d WRT with the same rules, every step checked.

    The text is read by a whitelist (numbers, names, z[k], + - * / ** ^ and known functions);
    nothing in it is ever run. --wrt x,y derives every partial derivative (the gradient);
    --hessian the second ones; --order N the N-th derivative, order by order; --emit numpy|torch
    writes code for the function and its derivative instead of the derivation. --where NAME = BODY
    names a part: EXPRESSION may use it, and the result is folded into it.
    """
    if out is not None:
        check_writable(out)
    if route is RouteName.all:
        raise UserError("--route all compares the routes of softmax; give one route for an expression")
    use_seed(seed)
    import derive
    from derive.readers.text import parse, parse_variable

    # A ParseError (bad text) or a DerivationError (no rule, not real, too slow) is a DeriveError:
    # main reports it in one line, with exit code 2.
    text = expression[1:] if expression.startswith(" -") else expression  # the space main put before a minus
    definitions, integers = (), frozenset()
    if where:
        from derive.readers.check_file import read_where

        definitions, integers = read_where(where, [text, wrt])  # a BadInput is a DeriveError: exit 2
    f = parse(text, integers=integers) if where else parse(text)
    variables = [parse_variable(part) for part in _top_level_parts(wrt)]
    for definition in definitions:  # a named part is a function of the inputs, never an input itself
        named = getattr(definition.name, "base", definition.name)
        if any(named in (variable, getattr(variable, "base", None)) for variable in variables):
            raise UserError(f"--where defines {definition.name}, but that is what --wrt differentiates by: "
                            "name a part of the function, not its input")
    if definitions:  # a sum over the index of --wrt inside a named part (the library sees the expression only)
        from derive.readers.inputs import BadExpression, captured

        unfolded = f
        for definition in definitions:
            unfolded = definition.unfold(unfolded)
        for variable in variables:
            if (why := captured(unfolded, variable)) is not None:
                raise BadExpression(why)
    from sympy import Derivative

    if isinstance(f, Derivative) and len(f.variable_count) == 1 and [f.variable_count[0][0]] == variables:
        # the text is the derivative asked for: Derivative(F, (x, N)) --wrt x is F's N-th derivative
        if order != 1:
            raise UserError("the text already gives the order (Derivative(F, (x, N))): leave out --order")
        f, order = f.expr, int(f.variable_count[0][1])
    if len(variables) > 1 or hessian:
        if order != 1:
            raise UserError("--order is for one variable; with several, --hessian gives the second derivatives")
        record = (derive.hessian if hessian else derive.gradient)(f, variables, route=route.value,
                                                                  definitions=definitions)
    else:
        record = derive.differentiate(f, variables[0], route=route.value, order=order, definitions=definitions)
    if emit_code is not None:
        write_function_code(record, emit_code.value, out)
        return
    emit(record, format, out, fragment, explain, detail=detail, linear=linear)


@app.command("check", short_help="Check a derivation you wrote, line by line.")
def check_command(
    file: Annotated[str, typer.Argument(metavar="FILE",
                                        help="The derivation, one expression per line ('-' reads standard input).")],
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    syntax: Annotated[str, typer.Option(
        "--syntax", help="auto (LaTeX if FILE ends in .tex or a line has a backslash), sympy or latex.")] = "auto",
    seed: SeedOption = None,
) -> None:
    """Check that each line of FILE equals the line before it: the first line is the derivative
    to compute, the last its value. Lines may be chains a = b = c; 'case j = k' and
    'case j != k' start branches; 'where S[j] = ...' defines a name. Nothing in the file ever runs.

    Exit 0 when every step holds; 1 when a line does not follow (named, with a point where the
    two sides differ and the likely slip) or a time bound was hit; 2 when the file cannot be read.
    """
    if format not in ("text", "json"):
        raise UserError(f"unknown format '{format}' for check (known: text, json)")
    from derive.checker.written import check_file
    from derive.printers import printer

    report = check_file(file, syntax=syntax, seed=seed)  # a BadInput (a DeriveError) is reported by main: exit 2
    sys.stdout.write(printer(report, format).render(report))
    if not report.holds:
        say(f"not proven: {report.summary}")
        raise typer.Exit(Exit.NOT_PROVEN)


@app.command("list", short_help="The catalog of functions; derive NAME derives one.")
def list_command() -> None:
    """List the functions of the catalog: derive NAME (for example derive sigmoid) derives one,
    and the options of derive expr each takes."""
    from derive.functions.catalog import CATALOG

    width = max(len(name) for name in CATALOG)
    for name, entry in CATALOG.items():
        sys.stdout.write(f"{name:<{width}}  {entry.summary}\n")
    sys.stdout.write("\nderive NAME derives one, every step checked. The options of derive expr each takes "
                     "(the others are refused in one line that says why; --wrt is taken for the function's own "
                     "variable):\n")
    groups: dict = {}
    for name, entry in CATALOG.items():
        groups.setdefault((entry.options, entry.command), []).append(name)
    for (options, command), names in groups.items():
        own = sorted(set(_command_options(command.split()[-1])) - set(_command_options("expr"))) if command else []
        more = f"; its own: {', '.join(own)}" if own else ""
        sys.stdout.write(f"  {', '.join(names)}: {', '.join(options)}{more}\n")


def _command_options(command: str) -> list[str]:
    """The long options a command takes (what --help lists for it), read from the command itself."""
    import typer.main

    found = typer.main.get_command(app).commands.get(command)
    return [name for param in (found.params if found else ()) for name in param.opts if name.startswith("--")]


@app.command("function", hidden=True)
def function_command(
    name: Annotated[str, typer.Argument(help="A name from derive list.")],
    format: FormatOption = Format.text,
    out: OutOption = None,
    fragment: FragmentOption = False,
    explain: ExplainOption = False,
    seed: SeedOption = None,
    order: OrderOption = 1,
    emit_code: EmitOption = None,
    detail: DetailOption = Detail.normal,
    linear: LinearOption = False,
    route: RouteOption = RouteName.quotient,
    wrt: WrtOption = None,
    hessian: HessianOption = False,
    size: Annotated[Optional[int], typer.Option("--size", help="A layer's Jacobian at --at (N, its number of rows).")] = None,
    at_values: Annotated[Optional[str], typer.Option("--at", help="The point of --size, e.g. 1,2,3,5, or each array by "
                                                     "name, rows by ';': 'q=1,2 K=1,0;0,1;1,1'.")] = None,
    backward: Annotated[bool, typer.Option(
        "--backward", help="A layer's backward pass: the vector-Jacobian product sum_j g_j dy_j/dx_k.")] = False,
) -> None:
    """Derive a function of the catalog (derive NAME is short for this)."""
    use_seed(seed)
    if out is not None:
        check_writable(out)
    from derive.functions.catalog import CATALOG, derive_entry

    if name not in CATALOG:
        import difflib

        near = difflib.get_close_matches(name, sorted((_command_names() - {"function"}) | set(CATALOG)), n=3)
        hint = f"did you mean {' or '.join(repr(word) for word in near)}? " if near else ""
        raise UserError(f"no command or catalog function '{name}'; {hint}the commands are "
                        f"{', '.join(sorted(_command_names() - {'function'}))}; the catalog (derive list) has "
                        f"{', '.join(CATALOG)}")
    entry = CATALOG[name]
    if hessian and "--hessian" not in entry.options:
        raise UserError(f"{name} has no Hessian to derive here: --order 2 gives its second derivative (by the "
                        "same variable); derive list says which functions take --hessian")
    if hessian and (order != 1 or emit_code is not None or route is RouteName.all):
        raise UserError("--hessian is the second derivative by two inputs: leave out --order, --emit and --route all")
    if wrt is not None:
        _same_variable(name, entry, wrt)
    if route is not RouteName.quotient and "--route" not in entry.options:
        raise UserError(f"{name} follows a route of its own (the rules for sums and named parts): --route is for "
                        "the functions derive list shows it with")
    if backward:
        emit(_layer_backward(name, entry, size=size, at=at_values, order=order, hessian=hessian, emit=emit_code),
             format, out, fragment, explain, detail=detail, linear=linear)
        return
    if order != 1 and "--order" not in entry.options:
        raise UserError(f"{name} is derived to order 1 here: --order is for the functions derive list shows it with")
    if emit_code is not None and "--emit" not in entry.options:
        raise UserError(f"no {emit_code.value} code for {name}: derive list says which functions take --emit")
    if size is not None or at_values is not None:
        emit(_layer_matrix(name, entry, size, at_values), format, out, fragment)
        return
    if route is RouteName.all:
        if order != 1 or emit_code is not None:
            raise UserError("--route all compares the routes' results: give one route with --order or --emit")
        from derive.checker.agreement import compare
        from derive.engine.routes import ROUTES

        record = compare(derive_entry(name, route=one) for one in ROUTES)
    elif hessian:
        from derive.functions.catalog import derive_hessian

        record = derive_hessian(name, route=route.value)
    else:
        record = derive_entry(name, order=order, route=route.value)
    if emit_code is not None:
        write_function_code(record, emit_code.value, out)
        return
    emit(record, format, out, fragment, explain, detail=detail, linear=linear)


def _layer_matrix(name: str, entry, size: Optional[int], at_values: Optional[str]):
    """--size N --at x_1,...,x_N: a layer's proven derivative as the N x N Jacobian at that point; for a
    layer whose output and input differ (attention-query), --at names each array: 'q=1,2 K=1,0;0,1'."""
    if "--size" not in entry.options:
        raise UserError(f"{name} has no Jacobian at a point here: --size and --at are for the layers "
                        "derive list shows them with (softmax has its own: derive softmax --size)")
    if at_values is None:
        raise UserError("--size needs the point: give --at with N values, e.g. --size 3 --at 1,2,4, or with each "
                        "array by name, e.g. --at 'q=1,2 K=1,0;0,1;1,1'")
    from derive.functions.catalog import derive_entry
    from derive.functions.layer_jacobian import layer_at

    try:
        return layer_at(derive_entry(name), at_values, size, lengths=dict(getattr(entry.build(), "lengths", ())))
    except ValueError as error:
        raise UserError(str(error)) from None


def _layer_backward(name: str, entry, **others):
    """--backward: a layer's vector-Jacobian product, derived with its proven derivative; alone, with
    none of --size, --at, --order, --hessian, --emit."""
    if "--backward" not in entry.options:
        raise UserError(f"{name} has no backward pass here: --backward is for the layers derive list shows it with "
                        "(softmax has its own: derive softmax --backward)")
    unset = {"order": 1, "hessian": False}  # the others' default is None
    given = [f"--{option}" for option, value in others.items() if value != unset.get(option)]
    if given:
        raise UserError(f"--backward derives the backward pass alone: leave out {', '.join(given)}")
    from derive.functions.layer_backward import layer_backward

    return layer_backward(name)


def _same_variable(name: str, entry, wrt: str) -> None:
    """--wrt for a catalog function: taken only when it is the function's own variable."""
    from derive.readers.text import parse_variable

    built = entry.build()
    variable = parse_variable(wrt)
    if variable != built.variable:
        raise UserError(f"{name} is differentiated by its own variable {built.variable}, not {variable}; "
                        f"derive expr '...' --wrt {wrt} differentiates an expression of your own")


def _command_names() -> set[str]:
    return {command.name or command.callback.__name__.replace("_", "-") for command in app.registered_commands}


SHORT_OPTIONS = ("-h", "-f", "-o")  # the only options of one dash
REPEATABLE = ("--where",)  # the options given once per item


def _negative_expressions(args: list[str]) -> list[str]:
    """``derive expr -x^2 --wrt x``: after expr, a word with one dash that is no option of one
    dash (-h, -f, -o) is the expression, not an option; a leading space tells click so (the
    reader strips it)."""
    if "expr" not in args:
        return args
    start = args.index("expr") + 1
    return args[:start] + [f" {arg}" if arg.startswith("-") and not arg.startswith("--") and len(arg) > 1
                           and arg[:2] not in SHORT_OPTIONS else arg for arg in args[start:]]


def _refuse_repeated_options(args: list[str]) -> None:
    """An option given twice (``--wrt x --wrt y``) is refused: the second would silently win."""
    seen = set()
    for arg in args:
        if arg == "--":
            break
        if arg.startswith("--"):
            name = arg.split("=", 1)[0]
            if name in seen and name not in REPEATABLE:
                raise UserError(f"the option {name} is given twice; give it once")
            seen.add(name)


def _with_catalog_names(args: list[str]) -> list[str]:
    """``derive sigmoid ...`` is ``derive function sigmoid ...``: a first word that is no command
    and no option names a function of the catalog."""
    position = next((n for n, arg in enumerate(args) if not arg.startswith("-")), None)
    if position is None or args[position] in _command_names():
        return args
    return args[:position] + ["function"] + args[position:]


# typer's click exceptions: typer.Abort is exported and checked by type, a usage error by what
# it has (a message and exit code 2). NoArgsIsHelpError and NoSuchOption are not exported, and
# live in typer._click (typer vendors click) or in click (older typer); their names are what both share.
def _click_error(error: BaseException, name: str) -> bool:
    return type(error).__name__ == name


def _is_usage_error(error: BaseException) -> bool:
    """A command-line usage error (typer's click, vendored or not): exit code 2 and a message."""
    return hasattr(error, "format_message") and getattr(error, "exit_code", None) == 2


def _usage_message(error: BaseException) -> str:
    """The usage error in one line; an unknown option also lists the options there are (those
    --help shows: a hidden one such as --version is left out, as there)."""
    message = error.format_message()
    command = getattr(getattr(error, "ctx", None), "command", None)
    if _click_error(error, "NoSuchOption") and command is not None:
        names = sorted(name for param in command.params if not getattr(param, "hidden", False)
                       for name in getattr(param, "opts", ()) if name.startswith("--"))
        message = message.split(" (Possible options")[0] + f"; the options are {', '.join(names)}"
    return message


def _refusal(error: BaseException) -> Optional[str]:
    """The line for an error that means the input cannot be worked with (exit 2), or None: every
    `DeriveError` (the library's refusals and the command line's own `UserError`), an input
    nested too deeply for Python, and a number too long to print (Python says so in a plain
    ValueError, told apart only by its words)."""
    if isinstance(error, DeriveError):
        return error.report()
    if isinstance(error, RecursionError):
        return "the input is nested too deeply to work with"
    if isinstance(error, ValueError) and "integer string conversion" in str(error):
        return "a number in the result has more digits than can be printed (4,300)"
    return None


def _report(error: BaseException, traceback: bool) -> Optional[int]:
    """Say in one line what ended the run, and give its exit code: the one place an error becomes
    an exit code. None for an internal error with --traceback, which is raised as it is."""
    if isinstance(error, Signalled):
        say(f"interrupted by signal {signal.Signals(error.number).name}; the output file is whole: "
            "the old one or the new one, and no temporary file is left")
        return Exit.signalled(error.number)
    if isinstance(error, OSError):
        say(f"error: {error.strerror or error}: {error.filename or ''}".rstrip(": "))
        return Exit.BAD_INPUT
    if isinstance(error, (KeyboardInterrupt, typer.Abort)):
        say("interrupted")
        return Exit.INTERRUPTED
    if _click_error(error, "NoArgsIsHelpError"):
        print(error.ctx.get_help() if getattr(error, "ctx", None) else "Usage: derive [OPTIONS] COMMAND")
        return Exit.BAD_INPUT
    if _is_usage_error(error):
        say(f"error: {_usage_message(error)}")
        return Exit.BAD_INPUT
    refusal = _refusal(error)
    if refusal is not None:
        say(f"error: {refusal}")
        return Exit.BAD_INPUT
    if traceback:
        return None
    say(f"internal error: {type(error).__name__}: {error} (run with --traceback for details)")
    return Exit.INTERNAL_ERROR


def main(argv: Optional[list[str]] = None) -> None:
    """Entry point of the `derive` command: maps every error to one line and an exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        arguments = _negative_expressions(_with_catalog_names(args))
        _refuse_repeated_options(arguments)
        code = contextvars.copy_context().run(app, args=arguments, prog_name="derive",
                                              standalone_mode=False)  # a seed given is this run's alone
    except (Exception, KeyboardInterrupt, Signalled) as error:
        code = _report(error, traceback="--traceback" in args)
        if code is None:
            raise
    raise SystemExit(int(code) if isinstance(code, int) else int(Exit.OK))


if __name__ == "__main__":
    main()
