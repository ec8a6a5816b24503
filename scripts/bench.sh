#!/usr/bin/env bash
# Side-by-side performance of vpr4j against what a user would otherwise run, on this machine:
# PyTorch (the clean-room modules of weights-import), ONNX Runtime Java (on an ONNX export of a
# random baseline checkpoint) and faiss. Every stage runs in its own process (so peak memory
# belongs to one measurement) and writes JSON to WORK/results; the last step renders the tables
# into docs/benchmarks.md between its bench markers, keeping the hand-written text around them.
#
# Usage: scripts/bench.sh [--quick] [--work DIR] [--city DIR] [--out FILE] [--runs N] [--skip LIST]
#   --quick      toy sizes (a minute or two) to try the script; the numbers mean nothing
#   --work DIR   scratch folder (default target/bench); its results/ is cleared first
#   --city DIR   an existing synthetic city (vpr4j synth) for the precision and epoch stages;
#                default: generate one in WORK/synthcity
#   --out FILE   report page (default docs/benchmarks.md; with --quick: WORK/benchmarks.md)
#   --runs N     timed runs per measurement, median reported (default 3; one untimed warm-up first)
#   --skip LIST  stages to leave out, comma-separated: extract,train,search,kmeans,precision,epoch,pca
# The pca stage (about an hour on 2 cores: recall with PCA 4096/1024/256 against the full 32,768-D
# descriptors of the paper's model on a synthetic city, scripts/pca-table.sh --full-size, and
# learning a 4,096-D PCA from 50,000 x 32,768-D descriptors, vpr4j bench --what pca) prints its
# tables to WORK/results/pca-*.md; docs/benchmarks.md keeps them in its hand-written part.
# The machine should be quiet: the load average is recorded next to every number.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vpr4j="$root/scripts/vpr4j"
py=/usr/bin/python3
reference="$root/scripts/bench_reference.py"

quick=0 work="$root/target/bench" city="" out="" runs=3 skip=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --work) work="$2"; shift 2 ;;
    --city) city="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --skip) skip="$2"; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$runs" in ''|*[!0-9]*|0) echo "bench.sh: --runs $runs is not a whole number >= 1" >&2; exit 2 ;; esac
if [ ! -x "$py" ]; then
  echo "bench.sh: $py is missing; install python3-torch python3-onnx python3-faiss (Debian)" >&2; exit 2
fi
if [ -n "$city" ] && [ ! -d "$city/datasets" ]; then
  echo "bench.sh: --city $city has no datasets/ folder (make one with: vpr4j synth --out $city)" >&2; exit 2
fi
if [ -z "$out" ]; then
  if [ "$quick" = 1 ]; then out="$work/benchmarks.md"; else out="$root/docs/benchmarks.md"; fi
fi
wants() { case ",$skip," in *",$1,"*) return 1 ;; *) return 0 ;; esac; }
# bf16 needs AVX-512 (vpr4j refuses it elsewhere, as TensorFlow has none): measure fp32 alone there.
precisions=fp32,bf16
if ! grep -qw avx512f /proc/cpuinfo && ! grep -qw avx_ne_convert /proc/cpuinfo; then
  precisions=fp32
  echo "bench.sh: this CPU has no AVX-512: the bf16 measurements (extract bf16, precision) are left out" >&2
  skip="$skip,precision"
fi

# Sizes: the paper's (Pitts30k test, 640x480 VGG16) or toy ones for --quick.
if [ "$quick" = 1 ]; then
  width=0.125 input=128x96 trace="--height 96 --width-px 128"
  search="--db 2000 --queries 500 --dim 4096" kmeans="--points 20000 --iterations 20"
  places="--places-train 40 --places-val 4 --places-test 20" city_size="--width 128 --height 96"
  full_graph_set="model.width=0.125,model.inputWidth=128,model.inputHeight=96" cluster_images=20
  epochs=1 refresh=5 reuse=1,8
else
  width=1.0 input=640x480 trace=""
  search="" kmeans="" places="--places-train 160 --places-val 60 --places-test 80" city_size="--width 160 --height 120"
  full_graph_set="" cluster_images=40
  epochs=3 refresh=20 reuse=1,4,8
fi

results="$work/results"
mkdir -p "$work"
rm -rf "$results"
mkdir -p "$results"
log() { echo "[bench $(date +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg)] $*" >&2; }
common=(--runs "$runs" --warmup 1)
log "start; results in $results"

# A random baseline checkpoint in the published format, and its ONNX export (for ONNX Runtime,
# and as a second set of weights for the precision check).
ckpt="$work/baseline-w$width.pth.tar" onnx="$work/baseline-w$width.onnx"
ensure_onnx() {
  if [ ! -f "$onnx" ]; then
    log "random baseline checkpoint and its ONNX export"
    "$py" "$root/weights-import/make_random_checkpoint.py" --variant baseline --width "$width" --seed 1 --out "$ckpt"
    # shellcheck disable=SC2086
    "$py" "$root/weights-import/convert_to_onnx.py" --checkpoint "$ckpt" --out "$onnx" $trace
  fi
}

if wants extract; then
  ensure_onnx
  log "extract: PyTorch"
  "$py" "$reference" --stage extract --checkpoint "$ckpt" --width "$width" --input "$input" --runs "$runs" \
    --json "$results/extract-pytorch.json" >/dev/null
  log "extract: vpr4j tf ($precisions) and ort (fp32)"
  "$vpr4j" bench --what extract --engine tf,ort --precision "$precisions" --width "$width" --input "$input" "${common[@]}" \
    --json "$results/extract-vpr4j.json" >/dev/null
  log "extract: ONNX Runtime"
  "$vpr4j" bench --what ort --onnx "$onnx" --width "$width" --input "$input" "${common[@]}" \
    --json "$results/extract-ort.json" >/dev/null
  log "extract: the exported SavedModel, loaded in a fresh process"
  rm -rf "$work/savedmodel"
  "$vpr4j" bench --what export --savedmodel "$work/savedmodel" --width "$width" --input "$input" >/dev/null
  "$vpr4j" bench --what savedmodel --savedmodel "$work/savedmodel" --width "$width" --input "$input" "${common[@]}" \
    --json "$results/extract-savedmodel.json" >/dev/null
fi
if wants train; then
  log "train: PyTorch"
  "$py" "$reference" --stage train --width "$width" --input "$input" --runs "$runs" \
    --json "$results/train-pytorch.json" >/dev/null
  log "train: vpr4j"
  "$vpr4j" bench --what train --width "$width" --input "$input" "${common[@]}" --json "$results/train-vpr4j.json" >/dev/null
fi
if wants search; then
  log "search: faiss"
  # shellcheck disable=SC2086
  "$py" "$reference" --stage search $search --runs "$runs" --json "$results/search-faiss.json" >/dev/null
  log "search: vpr4j"
  # shellcheck disable=SC2086
  "$vpr4j" bench --what search $search "${common[@]}" --json "$results/search-vpr4j.json" >/dev/null
fi
if wants kmeans; then
  log "kmeans: faiss"
  # shellcheck disable=SC2086
  "$py" "$reference" --stage kmeans $kmeans --runs "$runs" --json "$results/kmeans-faiss.json" >/dev/null
  log "kmeans: vpr4j"
  # shellcheck disable=SC2086
  "$vpr4j" bench --what kmeans $kmeans "${common[@]}" --json "$results/kmeans-vpr4j.json" >/dev/null
fi

if wants precision || wants epoch; then
  if [ -z "$city" ]; then
    city="$work/synthcity"
    log "synthetic city in $city"
    # shellcheck disable=SC2086
    "$vpr4j" synth --out "$city" --force $city_size $places --db-views 2 --queries-per-place 1 >/dev/null
  fi
  if wants precision; then
    ensure_onnx
    log "precision: the random published-format checkpoint, fp32 against bf16"
    "$vpr4j" bench --what precision --onnx "$onnx" --input "$input" --dataset "$city" \
      --split synthcity_test --json "$results/precision-onnx-vpr4j.json" >/dev/null
    log "precision: NetVLAD clustered on random VGG16 features of the city, fp32 against bf16"
    set_args=()
    if [ -n "$full_graph_set" ]; then set_args=(--set "$full_graph_set"); fi
    "$vpr4j" cluster --graph "$root/graphs/netvlad.json" "${set_args[@]}" --dataset "$city" \
      --split synthcity_train --out "$work/runs/full" --force --images "$cluster_images" >/dev/null
    "$vpr4j" bench --what precision --run "$work/runs/full" --dataset "$city" --split synthcity_test \
      --json "$results/precision-run-vpr4j.json" >/dev/null
  fi
  if wants epoch; then
    log "epoch: quick-start model, full refresh against reused database descriptors"
    "$vpr4j" cluster --graph "$root/graphs/quickstart.json" --dataset "$city" --split synthcity_train \
      --out "$work/runs/quickstart" --force --images 300 >/dev/null
    "$vpr4j" bench --what epoch --run "$work/runs/quickstart" --dataset "$city" --train-split synthcity_train \
      --split synthcity_test --epochs "$epochs" --reuse "$reuse" --set "training.cacheRefreshRate=$refresh" \
      --json "$results/epoch-vpr4j.json" >/dev/null
  fi
fi

if wants pca; then
  if [ "$quick" = 1 ]; then pca_fit="--pca-points 2000 --pca-input-dim 1024 --pca-dim 256"; else pca_fit=""; fi
  log "pca: learning a PCA at scale"
  # shellcheck disable=SC2086
  "$vpr4j" bench --what pca $pca_fit --scale-work "$work/pca-fit" > "$results/pca-fit.md"
  if [ "$quick" = 0 ]; then
    log "pca: recall against the full descriptors, full-size model"
    # The last table printed is vpr4j compare's: every PCA against the full descriptors.
    "$root/scripts/pca-table.sh" --full-size "$work/pca-table" | awk '
      /^\|/ { if (!inside) { block = ""; inside = 1 } block = block $0 "\n"; next }
      { if (inside) { last = block; inside = 0 } }
      END { if (inside) last = block; printf "%s", last }' > "$results/pca-recall.md"
  fi
fi

log "report -> $out"
"$vpr4j" bench --what none --include "$results" --out "$out"
log "done"
