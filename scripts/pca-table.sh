#!/usr/bin/env bash
# Recall@1/5/10/25 on the synthetic city with PCA 4096, 1024 and 256 (with and without whitening)
# against the full descriptors, for the README. The training split has 4,200 database images, so
# a PCA to 4,096 dimensions has enough descriptors to learn from; the model is the quick start's
# (VGG16 at a quarter width, NetVLAD 64 x 128 = 8,192-D), untrained (k-means initialisation).
# Usage: scripts/pca-table.sh [WORK_FOLDER]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-pca-table}"
vpr4j="$root/scripts/vpr4j"
city="$work/synthcity"
run="$work/runs/baseline"

if [ ! -f "$city/datasets/synthcity_test.mat" ]; then
  "$vpr4j" synth --out "$city" --force --width 160 --height 120 \
    --places-train 2100 --places-val 10 --places-test 200 --db-views 2 --queries-per-place 1
fi
if [ ! -f "$run/checkpoints/init.h5" ]; then
  "$vpr4j" cluster --graph "$root/graphs/quickstart.json" --dataset "$city" --split synthcity_train \
    --out "$run" --force --images 300
fi
"$vpr4j" test --run "$run" --dataset "$city" --split synthcity_test --ckpt init --pca none
reports="$run/reports/test-synthcity_test-init.json"
labels="full 8192-D"
for dim in 4096 1024 256; do
  for whiten in "" "--whiten"; do
    name="pca$dim${whiten:+w}"
    # Two subspace iterations with 256 extra basis vectors keep the 4,096-D fit to minutes on two cores.
    "$vpr4j" pca --run "$run" --dataset "$city" --split synthcity_train --ckpt init --dim "$dim" $whiten \
      --out "$run/$name.hdf5" --iterations 2 --oversampling 256
    "$vpr4j" test --run "$run" --dataset "$city" --split synthcity_test --ckpt init --pca "$run/$name.hdf5"
    reports="$reports,$run/reports/test-synthcity_test-init-$name.json"
    labels="$labels,PCA $dim${whiten:+ whitened}"
  done
done
"$vpr4j" compare --reports "$reports" --labels "$labels"
