#!/usr/bin/env bash
# Writes tiny_baseline.onnx for BenchCommandTest: a random baseline checkpoint at 1/32 width with
# 8 clusters, exported like the real one (input 'image', output 'descriptor', dynamic sizes).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
wi="$here/../../../../weights-import"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 "$wi/make_random_checkpoint.py" --variant baseline --width 0.03125 --clusters 8 --seed 3 \
  --out "$tmp/tiny.pth.tar"
/usr/bin/python3 "$wi/convert_to_onnx.py" --checkpoint "$tmp/tiny.pth.tar" --out "$tmp/tiny_baseline.onnx" \
  --height 48 --width-px 64
cp "$tmp/tiny_baseline.onnx" "$here/"
