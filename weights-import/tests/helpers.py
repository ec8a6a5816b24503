"""Shared test helpers: the reference key lists and small random checkpoints on disk."""

import os
import re
import sys
import tempfile

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from vpr4j_torch.dims import Dims  # noqa: E402

# The paper's checkpoint keys (generated from the paper's own module classes; see docs/checkpoints.md).
KEYS_FILE = os.path.join(HERE, "data", "checkpoint-keys.txt")
TINY = Dims(0.125, 8)
TINY_SIZE = (128, 160)   # image H, W giving an 8 x 10 feature map (reflect pad 3 and BAM need >= 4, H <= W < 2H)
SEGMENTER_SIZE = (64, 48)

_SECTION = re.compile(r"^## (?:variant: (\w+)|DeepLabV3\+ MobileNetV2)")
_ENTRY = re.compile(r"^(\S+) \[([0-9, ]*)\](?: (\w+))?$")


def reference_keys():
    """{section: [(key, shape tuple, dtype or None), ...]} parsed from the key-list file; DeepLab is 'segmenter'."""
    sections, current = {}, None
    with open(KEYS_FILE, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            header = _SECTION.match(line)
            if header:
                current = header.group(1) or "segmenter"
                sections[current] = []
                continue
            entry = _ENTRY.match(line)
            if current and entry:
                shape = tuple(int(s) for s in entry.group(2).split(",") if s.strip())
                sections[current].append((entry.group(1), shape, entry.group(3)))
    return sections


def dtype_name(tensor: torch.Tensor) -> str:
    return str(tensor.dtype).replace("torch.", "")


class TempDirTestCase:
    """Mixin: self.tmp is a fresh folder per test."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def path(self, name: str) -> str:
        return os.path.join(self.tmp, name)
