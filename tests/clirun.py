"""The one way the CLI tests invoke ``clean``: stderr kept apart, exceptions not swallowed."""
from click.testing import CliRunner

from cleaner.cli import main


def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)   # click < 8.2
    except TypeError:
        return CliRunner()


def run(args, input=None, **kw):
    result = runner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False, **kw)
    assert "Traceback" not in result.output
    return result
