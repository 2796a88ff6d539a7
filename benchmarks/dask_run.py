"""Run a batch through cleaner.dask on a fresh LocalCluster (what ``clean --scheduler`` does on a real one).

    python benchmarks/dask_run.py INPUT OUTDIR [--workers N]

Prints one JSON line: files written, failed, seconds (cluster start-up excluded).
"""
from __future__ import annotations

import argparse
import json
import sys
import time


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    from distributed import LocalCluster

    from cleaner.dask import run_batch_on_cluster
    from cleaner.settings import Settings

    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=":0") as c:
        t0 = time.perf_counter()
        done, failed = run_batch_on_cluster(c.scheduler_address, [args.input], args.output, Settings())
        secs = time.perf_counter() - t0
    print(json.dumps({"done": done, "failed": failed, "seconds": secs}))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
