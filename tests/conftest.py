import os
import pathlib

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run (CI included): a run that passes here passes
# there.  HYPOTHESIS_PROFILE=explore draws new ones each time, to search further.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = pathlib.Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


@pytest.fixture
def golden(request):
    """Compare text with a golden file byte for byte (``--update-golden`` rewrites it)."""
    update = request.config.getoption("--update-golden")

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
        assert path.exists(), f"missing golden file {path}; run pytest --update-golden"
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"output differs from {path}"

    return check


@pytest.fixture
def in_root(monkeypatch):
    """Run with the repository root as working directory (paths in front matter are relative)."""
    monkeypatch.chdir(ROOT)
    return ROOT
