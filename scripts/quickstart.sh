#!/usr/bin/env bash
# The main job end to end on the embedded synthetic city, offline, in minutes on 2 cores:
# generate a city -> cluster NetVLAD -> test the untrained model -> train -> test the trained model.
# Usage: scripts/quickstart.sh [WORKDIR]   (default: quickstart; everything is written below it)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-quickstart}"
vpr4j="$root/scripts/vpr4j"
city="$work/synthcity"
run="$work/runs/baseline"
epochs="${QUICKSTART_EPOCHS:-3}"

"$vpr4j" synth --out "$city" --force --width 160 --height 120 \
  --places-train 400 --places-val 60 --places-test 200 --db-views 2 --queries-per-place 2
"$vpr4j" cluster --graph "$root/graphs/quickstart.json" --dataset "$city" --split synthcity_train \
  --out "$run" --force --images 300
"$vpr4j" test --run "$run" --dataset "$city" --split synthcity_test --ckpt init
"$vpr4j" train --run "$run" --dataset "$city" --epochs "$epochs"
"$vpr4j" test --run "$run" --dataset "$city" --split synthcity_test --ckpt best
"$vpr4j" compare --reports "$run/reports/test-synthcity_test-init.json,$run/reports/test-synthcity_test-best.json" \
  --labels "untrained,trained ($epochs epochs)"
