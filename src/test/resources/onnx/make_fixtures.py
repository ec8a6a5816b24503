#!/usr/bin/python3
"""Writes the small ONNX fixtures of org.vpr4j.onnx tests, each with a JSON of what the
Java side must find in it: the parameter values as PyTorch holds them, an input and the
output PyTorch computed for it.

Run from anywhere with Debian's interpreter (torch 1.13, onnx 1.12):
    /usr/bin/python3 src/test/resources/onnx/make_fixtures.py
The outputs are committed; the Java tests never call Python.
"""
import json
import os

import onnx
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGENET_MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
IMAGENET_STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)


class ConvReluBnSigmoid(nn.Module):
    """Conv -> ReLU -> BatchNorm -> sigmoid; the BN follows a ReLU, so it is not folded."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.BatchNorm2d(4))

    def forward(self, image):
        return torch.sigmoid(self.encoder(image))


class TwinLinear(nn.Module):
    """SE-style pair of bias-free linear layers whose weights are set equal, so that the
    exporter keeps one initializer and reaches the other name through an Identity node."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Sequential(nn.Linear(4, 4, bias=False), nn.ReLU(), nn.Linear(4, 4, bias=False))

    def forward(self, x):
        return torch.sigmoid(self.fc(x))


def as_json_tensor(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"dims": list(t.shape), "values": [float(v) for v in t.flatten().tolist()]}


def export(model, example, input_name, output_name, stem, extra):
    model.eval()
    path = os.path.join(HERE, stem + ".onnx")
    torch.onnx.export(model, (example,), path, opset_version=13, do_constant_folding=False,
                      input_names=[input_name], output_names=[output_name],
                      dynamic_axes={input_name: {0: "batch"}, output_name: {0: "batch"}})
    with torch.no_grad():
        output = model(example)
    record = {
        "parameters": {k: as_json_tensor(v) for k, v in model.state_dict().items()
                       if v.dtype == torch.float32},
        "input_name": input_name,
        "output_name": output_name,
        "input": as_json_tensor(example),
        "output": as_json_tensor(output),
    }
    record.update(extra)
    with open(os.path.join(HERE, stem + ".json"), "w") as f:
        json.dump(record, f, indent=1)
    graph = onnx.load(path).graph
    print(stem, [i.name for i in graph.initializer],
          [(n.input[0], n.output[0]) for n in graph.node if n.op_type == "Identity"])


def conv_fixture():
    torch.manual_seed(7)
    model = ConvReluBnSigmoid()
    bn = model.encoder[2]
    # Non-trivial running statistics, so that each BN tensor has distinct values.
    bn.running_mean.copy_(torch.rand(4) * 0.5)
    bn.running_var.copy_(torch.rand(4) + 0.5)
    bn.weight.data.copy_(torch.rand(4) + 0.5)
    bn.bias.data.copy_(torch.rand(4) - 0.5)
    # vpr4j images are uint8 NHWC RGB; the model input is ImageNet-normalised NCHW.
    batch, height, width = 2, 5, 6
    pixels = torch.randint(0, 256, (batch, height, width, 3), dtype=torch.uint8)
    image = (pixels.permute(0, 3, 1, 2).float() / 255.0 - IMAGENET_MEAN) / IMAGENET_STD
    extra = {"pixels_nhwc": [int(v) for v in pixels.flatten().tolist()],
             "batch": batch, "height": height, "width": width}
    export(model, image, "image", "features", "conv_relu_bn_sigmoid", extra)


def twin_linear_fixture():
    torch.manual_seed(11)
    model = TwinLinear()
    model.fc[2].weight.data.copy_(model.fc[0].weight.data)
    x = torch.randn(3, 4)
    export(model, x, "x", "descriptor", "twin_linear", {"twins": ["fc.0.weight", "fc.2.weight"]})


if __name__ == "__main__":
    conv_fixture()
    twin_linear_fixture()
