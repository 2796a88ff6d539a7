"""SIGTERM, SIGHUP and a closed stdout on a real batch (issue 15): a real process, real signals.

After either signal: no temporary file (``$TMPDIR/cleaner-*`` spill folders, ``.clean-*.tmp``)
and no worker process left behind, exit 128 + the signal.  A reader that goes away (``| head``)
stops the batch at once with nothing more printed."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "000_7ff96054997bd690.txt").read_text(encoding="utf-8")
PAGE = "<html><head><title>t</title></head><body><article>{}</article></body></html>"


def make_batch(folder: Path, n: int) -> None:
    folder.mkdir()
    paras = "".join(f"<p>{line}</p>" for line in SEED.splitlines() if line.strip())
    for i in range(n):
        (folder / f"p{i:04}.html").write_text(PAGE.format(f"<p>第{i}篇</p>" + paras), encoding="utf-8")


def leftovers(tmp: Path, out: Path) -> list[str]:
    found = [p.name for p in tmp.glob("cleaner-*")]
    if out.exists():
        found += [p.name for p in out.rglob(".clean-*")]
    return found


def wait_gone(pgid: int, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(sys.platform != "linux", reason="POSIX signals and process groups")
@pytest.mark.parametrize("sig,when", [(signal.SIGTERM, "first-pass"), (signal.SIGTERM, "writing"),
                                      (signal.SIGHUP, "writing")])
def test_sigterm_and_sighup_leave_no_temporary_file_and_no_worker(tmp_path, sig, when):
    src, out, tmp = tmp_path / "in", tmp_path / "out", tmp_path / "tmp"
    make_batch(src, 400)
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", str(src), "-o", str(out), "-j", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            cwd=tmp_path, env=env)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        spilled = any(any(d.iterdir()) for d in tmp.glob("cleaner-*"))
        if (when == "first-pass" and spilled) or (when == "writing" and out.is_dir()
                                                  and len(list(out.glob("*.md"))) >= 5):
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the batch ended before the signal"
    os.kill(proc.pid, sig)                   # the main process only, as `kill PID` does
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + sig, stderr.decode()
    assert b"Traceback" not in stderr and b"no partial file" in stderr
    assert wait_gone(proc.pid), "worker processes outlived the batch"
    assert leftovers(tmp, out) == []


@pytest.mark.skipif(sys.platform != "linux", reason="POSIX pipes")
def test_reader_going_away_stops_the_batch_at_once(tmp_path):
    src, tmp = tmp_path / "in", tmp_path / "tmp"
    make_batch(src, 300)
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    clean = f"{sys.executable} -m cleaner in -o - -j 2 --disable template"
    r = subprocess.run(["bash", "-o", "pipefail", "-c", f"{clean} | head -1"],
                       cwd=tmp_path, capture_output=True, env=env, timeout=120)
    assert r.stdout == b"---\n"
    assert r.stderr == b""                   # no "Broken pipe" line per file, no summary
    assert r.returncode == 141               # as `cat big | head -1` under pipefail
    assert leftovers(tmp, tmp_path / "none") == []
    # -v names every file delivered: a few before the pipe broke, not the other 300
    r = subprocess.run(["bash", "-o", "pipefail", "-c", f"{clean} -v | head -1"],
                       cwd=tmp_path, capture_output=True, env=env, timeout=120)
    delivered = r.stderr.decode().splitlines()
    assert all(line.endswith(": stdout") for line in delivered), delivered
    assert len(delivered) < 60, len(delivered)
