#!/usr/bin/python3
"""Writes the fixtures of the org.vpr4j.guidance tests from PyTorch itself:

- bicubic.json: F.interpolate(mode="bicubic", align_corners=True) on binary masks and on random
  values, for down- and up-sampling, odd sizes and a one-pixel output (the reference's target
  reduction, docs/guidance.md);
- area.json: F.adaptive_avg_pool2d on binary masks (the area-average option);
- tiny_segmenter.onnx and tiny_segmenter.json: a small random conv net with the segmenter's
  interface (input "image" [B,3,H,W] ImageNet-normalised, output "logits" [B,19,H,W], dynamic
  batch and size), with uint8 NHWC test images and the train ids torch's argmax gives for them.

Run with Debian's interpreter (torch 1.13, onnx 1.12):
    /usr/bin/python3 src/test/resources/guidance/make_fixtures.py
The outputs are committed; the Java tests never call Python.
"""
import json
import os

import torch
import torch.nn.functional as F
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)


def flat(t):
    return [float(v) for v in t.detach().to(torch.float32).flatten().tolist()]


def bits(t):
    """A binary tensor as a string of 0/1 characters (row-major), to keep the fixtures small."""
    return "".join("1" if v else "0" for v in t.flatten().tolist())


def write(name, record):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(record, f, separators=(",", ":"))
        f.write("\n")


def interpolation_cases(gen):
    cases = []
    shapes = [((48, 64), (3, 4)), ((120, 160), (7, 10)), ((33, 47), (5, 6)), ((30, 40), (1, 1)),
              ((16, 16), (1, 3)), ((3, 4), (7, 9)), ((5, 5), (5, 5))]
    for (ih, iw), (oh, ow) in shapes:
        binary = (torch.rand(2, 1, ih, iw, generator=gen) > 0.5).to(torch.float32)
        # a block like a car, so edges are long straight runs as in real label maps
        binary[1, 0, ih // 3: ih // 3 * 2 + 1, iw // 4: iw // 2 + 1] = 0.0
        y = F.interpolate(binary, size=(oh, ow), mode="bicubic", align_corners=True)
        cases.append({"n": 2, "inH": ih, "inW": iw, "outH": oh, "outW": ow, "bits": bits(binary),
                      "expected": flat(y)})
        if ih * iw <= 48 * 64:
            # arbitrary values exercise every weight, not only sums of weights
            values = torch.rand(1, 1, ih, iw, generator=gen) * 4 - 2
            y = F.interpolate(values, size=(oh, ow), mode="bicubic", align_corners=True)
            cases.append({"n": 1, "inH": ih, "inW": iw, "outH": oh, "outW": ow, "input": flat(values),
                          "expected": flat(y)})
    return cases


def area_cases(gen):
    cases = []
    for (ih, iw), (oh, ow) in [((48, 64), (3, 4)), ((120, 160), (7, 10)), ((33, 47), (5, 6))]:
        x = (torch.rand(2, 1, ih, iw, generator=gen) > 0.3).to(torch.float32)
        y = F.adaptive_avg_pool2d(x, (oh, ow))
        cases.append({"n": 2, "inH": ih, "inW": iw, "outH": oh, "outW": ow, "bits": bits(x), "expected": flat(y)})
    return cases


class TinySegmenter(nn.Module):
    """Per-pixel classifier: conv 3x3 -> ReLU -> conv 1x1 to the 19 Cityscapes classes."""

    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 19, 1))

    def forward(self, image):
        return self.body(image)


def segmenter(gen):
    torch.manual_seed(7)
    model = TinySegmenter().eval()
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(3.0)  # wider logits: argmax ties become implausible
    path = os.path.join(HERE, "tiny_segmenter.onnx")
    example = torch.zeros(1, 3, 12, 16)
    torch.onnx.export(model, (example,), path, opset_version=13, input_names=["image"], output_names=["logits"],
                      dynamic_axes={"image": {0: "batch", 2: "height", 3: "width"},
                                    "logits": {0: "batch", 2: "height", 3: "width"}})
    pixels = torch.randint(0, 256, (2, 9, 11, 3), generator=gen, dtype=torch.uint8)
    x = (pixels.permute(0, 3, 1, 2).to(torch.float32) / 255.0 - MEAN) / STD
    with torch.no_grad():
        ids = model(x).argmax(dim=1)
    write("tiny_segmenter.json", {"n": 2, "height": 9, "width": 11,
                                  "pixels": [int(v) for v in pixels.flatten().tolist()],
                                  "trainIds": [int(v) for v in ids.flatten().tolist()]})


def main():
    gen = torch.Generator().manual_seed(2023)
    write("bicubic.json", interpolation_cases(gen))
    write("area.json", area_cases(gen))
    segmenter(gen)


if __name__ == "__main__":
    main()
