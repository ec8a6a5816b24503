#!/usr/bin/env bash
# Reproduces the paper's table (README of the paper's code, docs/training.md): for every row, cluster
# (de-attention centroids for the de-attention rows), train, test, then one combined recall table
# with the paper's numbers beside it, as Markdown and JSON.
#
# Usage: scripts/reproduce-table.sh DATASET_ROOT [options]
#   --out DIR             where runs, logs and the table go (default: table)
#   --budget-minutes N    fit everything into about N minutes: small defaults (width 0.25, 160x120,
#                         4 epochs, 300 clustering images) and fewer epochs for a row when the time
#                         left is short (at least one epoch each)
#   --width W             model width (fraction of VGG16's channels; 1.0 = the paper)
#   --input WxH           network input size (640x480 = the paper)
#   --epochs N            training epochs per row (default: the graph's, 30)
#   --images N            database images sampled for k-means (default 500)
#   --rows LIST           comma-separated graphs/*.json names (default: the paper's seven rows)
#   --with-ours           add our variant, deattention-stml-weighted, after the paper's rows
#   --prefix NAME         split prefix: NAME_train, NAME_val, NAME_test (default: pitts30k when
#                         DATASET_ROOT/datasets/pitts30k_train.mat exists, else synthcity)
#   --guidance SOURCE     auto | labels | segmenter (semantic guidance of the de-attention rows)
#   --segmenter FILE      Cityscapes segmentation model (ONNX) for --guidance segmenter/auto
#   --mask-grid NAME      bicubic (the paper) | area
#   --init RUN            take the encoder weights from this run folder (e.g. imported ImageNet VGG16)
#   --set LIST            extra section.field=value overrides for every row (e.g. training.lr=0.01)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vpr4j="$root/scripts/vpr4j"

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
  exit "${1:-2}"
}

[ $# -ge 1 ] || usage
case "$1" in -h|--help) usage 0 ;; esac
dataset="$1"; shift
out="table"; budget=""; width=""; input=""; epochs=""; images=""; prefix=""; extra_set=""
rows="netvlad,crn,bam,cbam,senet,deattention,deattention-stml"; with_ours=0
guidance_args=(); init_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --budget-minutes) budget="$2"; shift 2 ;;
    --width) width="$2"; shift 2 ;;
    --input) input="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --images) images="$2"; shift 2 ;;
    --rows) rows="$2"; shift 2 ;;
    --with-ours) with_ours=1; shift ;;
    --prefix) prefix="$2"; shift 2 ;;
    --guidance|--segmenter|--mask-grid) guidance_args+=("$1" "$2"); shift 2 ;;
    --init) init_args=(--init "$2"); shift 2 ;;
    --set) extra_set="$2"; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "reproduce-table: unknown option $1" >&2; usage ;;
  esac
done

[ -d "$dataset/datasets" ] || { echo "reproduce-table: $dataset has no datasets/ folder (not a dataset root)" >&2; exit 2; }
if [ -z "$prefix" ]; then
  if [ -f "$dataset/datasets/pitts30k_train.mat" ]; then prefix=pitts30k; else prefix=synthcity; fi
fi
for split in train val test; do
  [ -f "$dataset/datasets/${prefix}_$split.mat" ] || {
    echo "reproduce-table: $dataset/datasets/${prefix}_$split.mat is missing (see --prefix)" >&2; exit 2; }
done
if [[ -n "$budget" && ! "$budget" =~ ^[1-9][0-9]*$ ]]; then
  echo "reproduce-table: --budget-minutes '$budget' is not a positive whole number" >&2; exit 2
fi
if [ -n "$budget" ]; then
  width="${width:-0.25}"; input="${input:-160x120}"; epochs="${epochs:-4}"; images="${images:-300}"
fi
[ "$with_ours" = 1 ] && rows="$rows,deattention-stml-weighted"
IFS=',' read -r -a row_list <<< "$rows"
for row in "${row_list[@]}"; do
  [ -f "$root/graphs/$row.json" ] || { echo "reproduce-table: no graph file graphs/$row.json" >&2; exit 2; }
done

overrides=()
[ -n "$width" ] && overrides+=("model.width=$width")
if [ -n "$input" ]; then
  [[ "$input" =~ ^([0-9]+)x([0-9]+)$ ]] || { echo "reproduce-table: --input '$input' is not WxH" >&2; exit 2; }
  overrides+=("model.inputWidth=${BASH_REMATCH[1]}" "model.inputHeight=${BASH_REMATCH[2]}")
fi
[ -n "$extra_set" ] && overrides+=("$extra_set")
set_list="$(IFS=,; echo "${overrides[*]:-}")"
set_args=(); [ -n "$set_list" ] && set_args=(--set "$set_list")
image_args=(); [ -n "$images" ] && image_args=(--images "$images")

mkdir -p "$out/runs" "$out/logs"
start=$(date +%s)
reports=(); labels=(); row_json=()
reference_centroids=""; deattention_centroids=""

# Runs a vpr4j command, its output also appended to the row's log; stops the script on failure.
step() {
  local log="$1"; shift
  echo "+ vpr4j $*" | tee -a "$log"
  "$vpr4j" "$@" 2>&1 | tee -a "$log"
}

has_deattention() {
  grep -q '"deattention"' "$root/graphs/$1.json"
}

for i in "${!row_list[@]}"; do
  row="${row_list[$i]}"
  run="$out/runs/$row"
  log="$out/logs/$row.log"
  : > "$log"
  row_start=$(date +%s)
  echo "=== row $((i + 1))/${#row_list[@]}: $row ==="

  # Reference rows share one centroid file, de-attention rows another (docs/clustering.md), as the paper's scripts do.
  if has_deattention "$row"; then kind=deattention; shared="$deattention_centroids"; else kind=reference; shared="$reference_centroids"; fi
  cluster_args=(cluster --graph "$root/graphs/$row.json" --dataset "$dataset" --split "${prefix}_train"
    --out "$run" --force "${set_args[@]}" "${image_args[@]}" "${init_args[@]}")
  if [ -n "$shared" ]; then
    cluster_args+=(--centroids "$shared")
  elif [ "$kind" = deattention ]; then
    cluster_args+=("${guidance_args[@]}")
  fi
  step "$log" "${cluster_args[@]}"
  if [ -z "$shared" ]; then
    if [ "$kind" = deattention ]; then deattention_centroids="$run/centroids.hdf5"; else reference_centroids="$run/centroids.hdf5"; fi
  fi

  # One epoch first: its duration decides how many this row can afford within the budget.
  # the run folder's graph.json spells out every field (the shipped graph lists only what differs)
  row_epochs="${epochs:-$(sed -n 's/.*"epochs" *: *\([0-9]*\).*/\1/p' "$run/graph.json" | head -1)}"
  train_args=(train --run "$run" --dataset "$dataset" --train-split "${prefix}_train" --val-split "${prefix}_val"
    "${guidance_args[@]}")
  epoch_start=$(date +%s)
  step "$log" "${train_args[@]}" --epochs 1
  per_epoch=$(( $(date +%s) - epoch_start ))
  planned="$row_epochs"
  if [ -n "$budget" ]; then
    left=$(( budget * 60 - ($(date +%s) - start) ))
    rows_left=$(( ${#row_list[@]} - i ))
    # this row's share of the time left, minus about one epoch for its test
    afford=$(( (left / rows_left - per_epoch) / (per_epoch > 0 ? per_epoch : 1) + 1 ))
    [ "$afford" -lt "$planned" ] && planned="$afford"
    [ "$planned" -lt 1 ] && planned=1
    [ "$planned" -lt "$row_epochs" ] && echo "budget: $row gets $planned of $row_epochs epochs (${per_epoch} s per epoch, ${left} s left)" | tee -a "$log"
  fi
  if [ "$planned" -gt 1 ]; then
    step "$log" "${train_args[@]}" --resume --epochs "$planned"
  fi

  step "$log" test --run "$run" --dataset "$dataset" --split "${prefix}_test" --ckpt best
  report="$run/reports/test-${prefix}_test-best.json"
  reports+=("$report"); labels+=("$row")
  seconds=$(( $(date +%s) - row_start ))
  row_json+=("{\"graph\": \"$row\", \"epochs\": $planned, \"seconds\": $seconds, \"centroids\": \"$kind\", \"report\": $(cat "$report")}")
done

reports_list="$(IFS=,; echo "${reports[*]}")"
labels_list="$(IFS=,; echo "${labels[*]}")"
"$vpr4j" compare --reports "$reports_list" --labels "$labels_list" --recall-at 1,5,10 --out "$out/table.md"

# The JSON table: settings, then each row with its test report (recall@N and the paper's numbers).
tmp="$(mktemp "$out/.table.json.XXXXXX")"
{
  printf '{\n  "dataset": "%s",\n  "testSplit": "%s_test",\n' "$dataset" "$prefix"
  printf '  "overrides": "%s",\n  "budgetMinutes": %s,\n  "seconds": %d,\n  "rows": [\n' \
    "$set_list" "${budget:-null}" "$(( $(date +%s) - start ))"
  for j in "${!row_json[@]}"; do
    [ "$j" -gt 0 ] && printf ',\n'
    printf '%s' "${row_json[$j]}"
  done
  printf '\n  ]\n}\n'
} > "$tmp"
mv "$tmp" "$out/table.json"
echo "table: $out/table.md and $out/table.json ($(( ($(date +%s) - start) / 60 )) min)"
