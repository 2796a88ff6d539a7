"""Script-detection accuracy on the labelled set (tests/data/script_detection.jsonl.gz).

    python benchmarks/script_accuracy.py
"""
from __future__ import annotations

import gzip
import json
import os
from collections import Counter

from cleaner import script

SET = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "script_detection.jsonl.gz")


def main() -> None:
    with gzip.open(SET, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    right, total = Counter(), Counter()
    region = Counter()
    for r in rows:
        info = script.detect(r["text"])
        total[r["kind"]] += 1
        right[r["kind"]] += info.script == r["label"]
        if info.script != r["label"]:
            print(f"miss  {r['id']}: {r['label']} detected {info.label} (r={info.ratio})")
        if r["label"] == "hant":
            region["right" if info.region == r["region"] else "undetermined" if not info.region else "wrong"] += 1
    print(f"script accuracy {sum(right.values())}/{len(rows)} = {sum(right.values()) / len(rows):.3f}")
    for kind in sorted(total):
        print(f"  {kind:8s} {right[kind]}/{total[kind]}")
    print(f"region of Traditional samples: {dict(region)}")


if __name__ == "__main__":
    main()
