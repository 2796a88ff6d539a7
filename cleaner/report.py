"""One ``Report`` counts the outcome of every input, computes the exit code and the summary.

Every worker result goes through ``Report.add`` (none is dropped on the floor,
a known failure mode of batch tools).  With ``--report FILE.json`` each
per-file record is streamed into a temporary file next to FILE as it comes
(memory stays flat however large the batch), and the file is renamed into
place at the end, with the totals.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from typing import IO, Any

EXIT_OK = 0
EXIT_FAILED = 1          # some input failed, or --check found an output that would change
EXIT_USAGE = 2           # bad option, missing path, bad config (click's own code for usage errors)
EXIT_INTERRUPTED = 130   # Ctrl-C (128 + SIGINT)

# Outcomes of one input.
WRITTEN = "written"          # output created or changed
UNCHANGED = "unchanged"      # output already held exactly this (not rewritten, mtime kept)
WOULD_CHANGE = "would change"  # --check / --diff: output would be created or changed
STDOUT = "stdout"            # written to standard output
EXPLAINED = "explained"      # --explain: removals printed, nothing written
FAILED = "failed"


@dataclass
class FileRecord:
    path: str
    status: str
    output: str | None = None
    error: str | None = None
    bytes_in: int = 0
    bytes_out: int = 0
    seconds: float = 0.0
    stats: dict[str, Any] = field(default_factory=dict)   # render.stats + scripts

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "status": self.status, "output": self.output,
                               "error": self.error, "bytes_in": self.bytes_in, "bytes_out": self.bytes_out,
                               "seconds": round(self.seconds, 4)}
        out.update(self.stats)
        return out


class Report:
    def __init__(self, check: bool = False, dry: bool = False, report_path: str | None = None):
        self.check = check                  # --check: outputs that would change make exit code 1
        self.dry = check or dry             # --check or --diff: nothing is written
        self.counts: dict[str, int] = {}
        self.bytes_in = 0
        self.bytes_out = 0
        self.report_path = report_path
        self.errors: list[str] = []         # failures of the batch rather than of one file (a failed sync)
        self._fh: IO[str] | None = None
        self._tmp: str | None = None
        self._first = True
        if report_path:
            self._open(report_path)

    # -------------------------------------------------------------- counting
    def add(self, rec: FileRecord) -> None:
        self.counts[rec.status] = self.counts.get(rec.status, 0) + 1
        if rec.status != FAILED:
            self.bytes_in += rec.bytes_in
            self.bytes_out += rec.bytes_out
        if self._fh is not None:
            self._fh.write(("" if self._first else ",\n") + "  " + json.dumps(rec.as_json(), ensure_ascii=False))
            self._first = False

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def failed(self) -> int:
        return self.count(FAILED)

    @property
    def exit_code(self) -> int:
        if self.failed or self.errors or (self.check and self.count(WOULD_CHANGE)):
            return EXIT_FAILED
        return EXIT_OK

    # -------------------------------------------------------------- output
    def summary(self) -> str:
        """One line, e.g. ``cleaned 120 files, 3 failed, 1.4 MB → 0.9 MB``."""
        ok = self.total - self.failed
        if self.dry:
            parts = [f"{_n(self.count(WOULD_CHANGE))} would change", f"{self.count(UNCHANGED)} unchanged"]
        elif self.count(EXPLAINED):
            parts = [f"explained {_n(self.count(EXPLAINED))}"]
        else:
            parts = [f"cleaned {_n(ok)}"]
            if self.count(UNCHANGED):
                parts.append(f"{self.count(UNCHANGED)} unchanged")
        parts.append(f"{self.failed} failed")
        return ", ".join(parts) + f", {human_bytes(self.bytes_in)} → {human_bytes(self.bytes_out)}"

    def totals(self) -> dict[str, Any]:
        return {"files": self.total, **{k.replace(" ", "_"): v for k, v in sorted(self.counts.items())},
                "failed": self.failed, "bytes_in": self.bytes_in, "bytes_out": self.bytes_out,
                "exit_code": self.exit_code, **({"errors": self.errors} if self.errors else {})}

    def close(self, interrupted: bool = False) -> None:
        """Finish the --report file (atomically renamed into place); drop it when interrupted."""
        if self._fh is None:
            return
        fh, tmp = self._fh, self._tmp
        self._fh = None
        try:
            if interrupted:
                fh.close()
                os.unlink(tmp)
                return
            fh.write("\n],\n\"summary\": " + json.dumps(self.totals(), ensure_ascii=False) + "\n}\n")
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
            os.replace(tmp, self.report_path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    def _open(self, path: str) -> None:
        folder = os.path.dirname(os.path.abspath(path))
        fd, self._tmp = tempfile.mkstemp(prefix=".clean-report-", suffix=".tmp", dir=folder)
        self._fh = os.fdopen(fd, "w", encoding="utf-8")
        self._fh.write("{\"version\": 1,\n\"files\": [\n")


def _n(count: int) -> str:
    return f"{count} file" + ("" if count == 1 else "s")


def human_bytes(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"  # pragma: no cover
