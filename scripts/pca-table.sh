#!/usr/bin/env bash
# Recall@1/5/10/25 on the synthetic city with PCA 4096, 1024 and 256 (with and without whitening)
# against the full descriptors. The training split has 4,200 database images, so a PCA to 4,096
# dimensions has enough descriptors to learn from; the model is untrained (k-means
# initialisation) and runs at the city's own 160x120.
#   default:      the quick start's model (VGG16 at a quarter width, NetVLAD 64 x 128 = 8,192-D),
#                 the README's table;
#   --full-size:  the paper's model (VGG16, NetVLAD 64 x 512 = 32,768-D), docs/benchmarks.md.
# Usage: scripts/pca-table.sh [--full-size] [WORK_FOLDER]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
graph="$root/graphs/quickstart.json" set_args=() full_label="full 8192-D"
if [ "${1:-}" = "--full-size" ]; then
  graph="$root/graphs/netvlad.json" set_args=(--set "model.inputWidth=160,model.inputHeight=120")
  full_label="full 32768-D"
  shift
fi
work="${1:-pca-table}"
vpr4j="$root/scripts/vpr4j"
city="$work/synthcity"
run="$work/runs/$(basename "$graph" .json)"
if [ ! -f "$city/datasets/synthcity_test.mat" ]; then
  "$vpr4j" synth --out "$city" --force --width 160 --height 120 \
    --places-train 2100 --places-val 10 --places-test 200 --db-views 2 --queries-per-place 1
fi
if [ ! -f "$run/checkpoints/init.h5" ]; then
  "$vpr4j" cluster --graph "$graph" "${set_args[@]}" --dataset "$city" --split synthcity_train \
    --out "$run" --force --images 300
fi
"$vpr4j" test --run "$run" --dataset "$city" --split synthcity_test --ckpt init --pca none
reports="$run/reports/test-synthcity_test-init.json"
labels="$full_label"
# The 4,096-D PCA is learned once; the 1,024-D and 256-D ones are its leading components (PCA
# components are nested) and the whitened ones the same with whitening on, cut with `pca --from`,
# so the 4,200 training images are described once instead of six times.
"$vpr4j" pca --run "$run" --dataset "$city" --split synthcity_train --ckpt init --dim 4096 \
  --out "$run/pca4096.hdf5" --iterations 2 --oversampling 256
"$vpr4j" pca --from "$run/pca4096.hdf5" --dim 4096 --whiten --out "$run/pca4096w.hdf5"
for dim in 1024 256; do
  "$vpr4j" pca --from "$run/pca4096.hdf5" --dim "$dim" --out "$run/pca$dim.hdf5"
  "$vpr4j" pca --from "$run/pca4096.hdf5" --dim "$dim" --whiten --out "$run/pca${dim}w.hdf5"
done
for name in pca4096 pca4096w pca1024 pca1024w pca256 pca256w; do
  "$vpr4j" test --run "$run" --dataset "$city" --split synthcity_test --ckpt init --pca "$run/$name.hdf5"
  reports="$reports,$run/reports/test-synthcity_test-init-$name.json"
  labels="$labels,$name"
done
"$vpr4j" compare --reports "$reports" --labels "$labels" --recall-at 1,5,10,25
