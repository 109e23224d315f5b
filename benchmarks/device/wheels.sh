#!/usr/bin/env bash
# Here, before a device call: the wheels of the packages the CUDA machine's image lacks, into .whl/ (ignored by
# git; named in the call's carry). The image holds torch, pytest, pytest-benchmark, pytest-xdist, hypothesis,
# scipy, matplotlib, scikit-learn and attrs, but not jsonschema (the results schema). That machine reaches no package
# registry, so what it needs travels with the call (benchmarks/device/README.md).
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
rm -rf .whl && mkdir .whl
python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 -d .whl \
    jsonschema==4.26.0 jsonschema-specifications==2025.9.1 referencing==0.37.0 rpds-py==0.30.0
ls .whl
