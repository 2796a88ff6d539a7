#!/bin/bash
# Instruction counts of the pipeline's stages on the first corpus pages, repeatable whatever else the
# machine is doing (valgrind's callgrind counts instructions, not seconds).
#
#   benchmarks/callgrind.sh [html|txt] [CORPUS]     # CORPUS: default ../shared/corpus
#
# Runs benchmarks/stages.py over the first 10 and the first 40 inputs (one file per case, named
# <source>_<case>, sorted) and prints both totals, the cost per page (the slope between them) and
# the fixed cost per process (the intercept: imports, compiled patterns).
set -euo pipefail
KIND=${1:-html}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=$(cd "${2:-$ROOT/../shared/corpus}" && pwd)
IN=$(mktemp -d)
trap 'rm -rf "$IN"' EXIT
mkdir -p "$IN/$KIND"
for d in "$CORPUS"/*/*/; do
    n=$(basename "$(dirname "$d")")_$(basename "$d")
    cp "$d/input.$KIND" "$IN/$KIND/$n.$KIND"
done
count() {
    (cd "$IN" && PYTHONPATH="$ROOT" valgrind --tool=callgrind --callgrind-out-file="$IN/cg.$1" \
        python "$ROOT/benchmarks/stages.py" "$KIND" --limit "$1" >/dev/null 2>"$IN/cg.$1.err")
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$IN/cg.$1.err"
}
A=$(count 10)
B=$(count 40)
python3 - "$A" "$B" <<'PY'
import sys
a, b = (int(x) for x in sys.argv[1:])
per = (b - a) / 30
print(f"10 pages: {a / 1e6:,.1f} M instructions; 40 pages: {b / 1e6:,.1f} M")
print(f"per page: {per / 1e6:,.1f} M; fixed per process: {(a - 10 * per) / 1e9:,.2f} G")
PY
