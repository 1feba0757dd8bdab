"""Running the command line in the test process: its exit code, stdout and stderr."""

from derive import cli


def run_cli(argv, capsys):
    """``derive ARGV`` through ``cli.main``: (exit code, stdout, stderr)."""
    try:
        cli.main(argv)
        code = 0
    except SystemExit as exit:
        code = exit.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err
