#!/usr/bin/env bash
# On the CUDA machine, in one device call (benchmarks/device/README.md): `tox -e gpu-bench`'s commands (the cuda
# tests, then the benchmarks into benchmarks/bench-cuda.json), then, in the time left, the part of the width
# table that needs a GPU: Lemma 3.1 at fixed d = 10, n = 320 (issue: the n = 320 rows). Everything worth keeping
# is copied to $OUT. BUDGET (seconds, default 560) bounds the whole script, to end inside the call's limit.
set -uo pipefail
start=$SECONDS
budget=${BUDGET:-560}
left() { echo $((budget - (SECONDS - start))); }
out=${OUT:-/tmp/out}
mkdir -p "$out"
export PYTHONUNBUFFERED=1

# the packages the image lacks (carried as wheels), then this checkout, editable: its entry points name the
# claim families
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl \
    || { echo "wheels: install failed (run benchmarks/device/wheels.sh here first)"; exit 2; }
export PYTHONPATH=/tmp/site
python3 -m pip install -q --no-deps --no-build-isolation --no-index -e . || { echo "editable install failed"; exit 2; }

{
    date -u +%FT%TZ
    git rev-parse HEAD 2>/dev/null || true
    nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv
    python3 -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.get_device_name(0))"
    nproc --all
    cat /proc/loadavg
} > "$out/machine.txt" 2>&1
cat "$out/machine.txt"

# tox -e gpu-bench without tox (the machine cannot build tox's environments): its commands as tox.ini states them
python3 - > /tmp/gpu-bench.cmds <<'PY'
import configparser

tox = configparser.ConfigParser(interpolation=None)
tox.read("tox.ini")
for line in tox["testenv:gpu-bench"]["commands"].strip().splitlines():
    print(line.strip().replace("{toxinidir}", ".").replace("{posargs}", ""))
PY
export CLAIMS_DEVICE=cuda
while read -r cmd; do
    [ -n "$cmd" ] || continue
    echo "+ $cmd ($(left) s left)"
    timeout "$(( $(left) > 60 ? $(left) - 60 : 1 ))" bash -c "$cmd" 2>&1 | tee -a "$out/gpu-bench.log" | tail -n 25
done < /tmp/gpu-bench.cmds
# the shipped bench-cuda.json is tracked: copy it only where this run wrote it
[ benchmarks/bench-cuda.json -nt /tmp/gpu-bench.cmds ] && cp benchmarks/bench-cuda.json "$out/"

# Lemma 3.1 at fixed d = 10, n = 320: its own run, merged here afterwards with
# python -m claims.tools.merge_widths into benchmarks/scale-du2018a-widths-lemma3_1-fixed-d-h200.json
if [ "$(left)" -gt 120 ]; then
    mkdir -p widths
    resume=(); [ -d widths/.claims-cache ] && resume=(--resume)
    echo "+ widths n = 320 ($(left) s left)"
    timeout "$(( $(left) - 30 ))" python3 -m claims report --profile full --section du2018a.widths \
        --select claim=lemma3_1 --select 'regime=fixed d = 10' --select n=320 --device cuda --workers 6 \
        --max-work 1e18 --out widths/REPORT.md "${resume[@]}" 2>&1 | tail -n 40
    # publish writes widths/report/<run>/results.json beside widths/REPORT.md
    res=$(ls -t widths/report/*/results.json 2>/dev/null | head -n 1)
    [ -n "$res" ] && cp "$res" "$out/widths-results.json"
    [ -d widths/.claims-cache ] && tar czf "$out/widths-cache.tgz" widths/.claims-cache
fi
echo "done in $((SECONDS - start)) s"
