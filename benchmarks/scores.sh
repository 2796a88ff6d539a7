#!/bin/bash
# Scores of `clean` (batch mode) on both quality corpora in both modes, per source, written to OUT.
#
#   benchmarks/scores.sh OUT [EXTRA]      # EXTRA: the unpacked corpus-extra (default ../corpus-extra)
#
# = python ../shared/corpus/score.py [--data EXTRA] --cmd 'clean -q {indir} -o {outdir}' --mode txt|html --opencc t2s
# (OUT/{main,extra}-{txt,html}.txt; .json beside each holds the per-document scores).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$1
EXTRA=${2:-$ROOT/../corpus-extra}
SCORE=$ROOT/../shared/corpus/score.py
mkdir -p "$OUT"
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
for mode in txt html; do
    python "$SCORE" --cmd 'clean -q {indir} -o {outdir}' --mode $mode --opencc t2s \
        --json "$OUT/main-$mode.json" > "$OUT/main-$mode.txt"
    if [ -d "$EXTRA" ]; then
        python "$SCORE" --data "$EXTRA" --cmd 'clean -q {indir} -o {outdir}' --mode $mode --opencc t2s \
            --json "$OUT/extra-$mode.json" > "$OUT/extra-$mode.txt"
    fi
done
grep -h -E "^(cwced|readability|scrapinghub|cleaneval|dragnet) " "$OUT"/main-txt.txt "$OUT"/main-html.txt \
    $( [ -d "$EXTRA" ] && echo "$OUT/extra-txt.txt $OUT/extra-html.txt" ) || true
