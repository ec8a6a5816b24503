#!/usr/bin/python3
"""Reference values for the Java attention modules (org.vpr4j.model.attention).

Tiny PyTorch versions of the attention modules, written from docs/attention.md (not copied from the
paper's code), are run on fixed random inputs and weights. Each module gets one JSON file next to
this script holding the input, the parameters (PyTorch layout and key names, without the model
prefix) and the expected outputs of each case:

    {"module": ..., "input": {"shape": [B, C, H, W], "data": [...]},
     "params": {key: {"shape": [...], "data": [...]}},
     "cases": [{"name", "options", "mode": "eval"|"train", "output", "mask"?, "running"?}]}

Outputs are NCHW; "running" holds the BatchNorm running statistics after one training-mode
forward pass (PyTorch: running = (1 - momentum) * running + momentum * unbiased batch variance).
Computation is in float64; weights and inputs are rounded to 4 decimals so that the JSON stays
small and float32 loses almost nothing.

Run from the repository root:  /usr/bin/python3 src/test/resources/attention/make_fixtures.py
"""
import collections
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.dirname(os.path.abspath(__file__))
REDUCTION = 16


# ---------------------------------------------------------------------------------------------
# Modules (NCHW), named so that their state_dict keys are the checkpoint's keys (docs/checkpoints.md).

class SE(nn.Module):
    """docs/attention.md: GAP -> Linear(C, C/16, no bias) -> ReLU -> Linear(C/16, C, no bias) -> sigmoid."""

    def __init__(self, c):
        super().__init__()
        h = c // REDUCTION
        self.fc = nn.Sequential(nn.Linear(c, h, bias=False), nn.ReLU(), nn.Linear(h, c, bias=False), nn.Sigmoid())

    def forward(self, x):
        return x * self.fc(x.mean(dim=(2, 3)))[:, :, None, None]


class BamChannel(nn.Module):
    def __init__(self, c, square):
        super().__init__()
        h = c // REDUCTION
        self.square = square
        self.gate_c = nn.Sequential(collections.OrderedDict([
            ("gate_c_fc_0", nn.Linear(c, h)),
            ("gate_c_bn_1", nn.BatchNorm1d(h)),
            ("gate_c_relu_1", nn.ReLU()),
            ("gate_c_fc_final", nn.Linear(h, c)),
        ]))

    def forward(self, x):
        if self.square:
            # The reference pools with a square H x H window and stride H, then flattens.
            pooled = F.avg_pool2d(x, x.size(2), stride=x.size(2)).flatten(1)
        else:
            pooled = x.mean(dim=(2, 3))
        return self.gate_c(pooled)[:, :, None, None]


class BamSpatial(nn.Module):
    def __init__(self, c):
        super().__init__()
        h = c // REDUCTION
        layers = [("gate_s_conv_reduce0", nn.Conv2d(c, h, 1)), ("gate_s_bn_reduce0", nn.BatchNorm2d(h)),
                  ("gate_s_relu_reduce0", nn.ReLU())]
        for i in range(2):
            layers += [("gate_s_conv_di_%d" % i, nn.Conv2d(h, h, 3, padding=4, dilation=4)),
                       ("gate_s_bn_di_%d" % i, nn.BatchNorm2d(h)), ("gate_s_relu_di_%d" % i, nn.ReLU())]
        layers.append(("gate_s_conv_final", nn.Conv2d(h, 1, 1)))
        self.gate_s = nn.Sequential(collections.OrderedDict(layers))

    def forward(self, x):
        return self.gate_s(x)


class BAM(nn.Module):
    """docs/attention.md: (1 + sigmoid(channel gate * spatial gate)) * x."""

    def __init__(self, c, square=True):
        super().__init__()
        self.channel_att = BamChannel(c, square)
        self.spatial_att = BamSpatial(c)

    def forward(self, x):
        return (1 + torch.sigmoid(self.channel_att(x) * self.spatial_att(x))) * x


class CbamChannel(nn.Module):
    def __init__(self, c):
        super().__init__()
        h = c // REDUCTION
        self.mlp = nn.Sequential(nn.Flatten(), nn.Linear(c, h), nn.ReLU(), nn.Linear(h, c))

    def forward(self, x):
        att = self.mlp(x.mean(dim=(2, 3))) + self.mlp(x.amax(dim=(2, 3)))
        return x * torch.sigmoid(att)[:, :, None, None]


class CbamSpatialConv(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 1, 7, padding=3, bias=False)
        self.bn = nn.BatchNorm2d(1, eps=1e-5, momentum=0.01)

    def forward(self, x):
        return self.bn(self.conv(x))


class CbamSpatial(nn.Module):
    def __init__(self):
        super().__init__()
        self.spatial = CbamSpatialConv()

    def forward(self, x):
        pooled = torch.cat((x.amax(dim=1, keepdim=True), x.mean(dim=1, keepdim=True)), dim=1)
        return x * torch.sigmoid(self.spatial(pooled))


class CBAM(nn.Module):
    """docs/attention.md: channel gate (shared MLP over avg and max pool), then spatial gate."""

    def __init__(self, c):
        super().__init__()
        self.ChannelGate = CbamChannel(c)
        self.SpatialGate = CbamSpatial()

    def forward(self, x):
        return self.SpatialGate(self.ChannelGate(x))


def conv_relu_bn(c_in, c_out, k, padding_mode):
    return nn.Sequential(nn.Conv2d(c_in, c_out, k, padding=k // 2, padding_mode=padding_mode), nn.ReLU(),
                         nn.BatchNorm2d(c_out))


class MaskHead(nn.Module):
    """docs/attention.md: the CRN mask head on L2-normalised features; Conv -> ReLU -> BN."""

    def __init__(self, c, padding_mode, d3=20):
        super().__init__()
        self.crn_conv1 = conv_relu_bn(c, 32, 3, padding_mode)
        self.crn_conv2 = conv_relu_bn(c, 32, 5, padding_mode)
        self.crn_conv3 = conv_relu_bn(c, d3, 7, padding_mode)
        self.crn_conv4 = conv_relu_bn(64 + d3, 1, 1, "zeros")

    def mask(self, x):
        xn = F.normalize(x, dim=1)
        g = torch.cat((self.crn_conv1(xn), self.crn_conv2(xn), self.crn_conv3(xn)), dim=1)
        return xn, torch.sigmoid(self.crn_conv4(g))


class CRN(MaskHead):
    def __init__(self, c):
        super().__init__(c, "reflect")

    def forward(self, x):
        xn, m = self.mask(x)
        return xn * m, m


class DeAttention(MaskHead):
    def __init__(self, c, version, padding_mode):
        super().__init__(c, padding_mode)
        self.version = version

    def forward(self, x):
        _, m = self.mask(x)
        return (x * m if self.version == 1 else x + x * m), m


class ChannelAttention(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(x.mean(dim=(2, 3)))[:, :, None, None]


class ECA(nn.Module):
    """docs/attention.md: Conv1d(1, 1, 3, padding 1, no bias) along the channel axis of the GAP."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(1, 1, 3, padding=1, bias=False)

    def forward(self, x):
        y = self.conv(x.mean(dim=(2, 3))[:, None, :])[:, 0, :]
        return x * torch.sigmoid(y)[:, :, None, None]


# ---------------------------------------------------------------------------------------------

def rounded(t):
    return torch.round(t * 1e4) / 1e4


def randomise(module, gen):
    """Random weights (scaled by fan-in) and random BN statistics, so eval mode is not an identity."""

    def normal(shape, std):
        return rounded(torch.randn(shape, generator=gen, dtype=torch.float64) * std)

    def uniform(shape, low, high):
        return rounded(low + (high - low) * torch.rand(shape, generator=gen, dtype=torch.float64))

    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                m.weight.copy_(uniform(m.weight.shape, 0.5, 1.5))
                m.bias.copy_(normal(m.bias.shape, 0.2))
                m.running_mean.copy_(normal(m.running_mean.shape, 0.3))
                m.running_var.copy_(uniform(m.running_var.shape, 0.5, 1.5))
            elif isinstance(m, (nn.Linear, nn.Conv1d, nn.Conv2d)):
                fan_in = m.weight[0].numel()
                m.weight.copy_(normal(m.weight.shape, 1.5 / fan_in ** 0.5))
                if m.bias is not None:
                    m.bias.copy_(normal(m.bias.shape, 0.2))


def js(t):
    t = t.detach().to(torch.float64)
    return {"shape": list(t.shape), "data": [float("%.9g" % v) for v in t.flatten().tolist()]}


def params_of(module):
    """The weights and statistics every case starts from (training cases change the statistics)."""
    return {k: js(v) for k, v in module.initial_state.items() if not k.endswith("num_batches_tracked")}


def running_of(module):
    return {k: js(v) for k, v in module.state_dict().items() if k.endswith("running_mean") or k.endswith("running_var")}


def run_case(name, module, x, mode, options):
    module.load_state_dict(module.initial_state)  # every case starts from the same statistics
    module.train(mode == "train")
    with torch.no_grad():
        out = module(x)
    case = {"name": name, "options": options, "mode": mode}
    if isinstance(out, tuple):
        case["output"], case["mask"] = js(out[0]), js(out[1])
    else:
        case["output"] = js(out)
    if mode == "train":
        case["running"] = running_of(module)
    return case


def fixture(file, module_name, x, cases, module_for_params):
    doc = {"module": module_name, "input": js(x), "params": params_of(module_for_params), "cases": cases}
    with open(os.path.join(OUT, file), "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", file, os.path.getsize(os.path.join(OUT, file)), "bytes")


def prepared(module, gen):
    module.double()
    randomise(module, gen)
    module.initial_state = {k: v.clone() for k, v in module.state_dict().items()}
    return module


def main():
    gen = torch.Generator().manual_seed(20230706)

    def features(b, c, h, w):
        return rounded(torch.randn((b, c, h, w), generator=gen, dtype=torch.float64))

    # SE, ch, ECA, CBAM: C = 16 so that the reduction by 16 leaves one hidden unit.
    x = features(2, 16, 4, 5)
    se = prepared(SE(16), gen)
    fixture("se.json", "senet", x, [run_case("senet", se, x, "eval", {})], se)

    ch = prepared(ChannelAttention(), gen)
    fixture("ch.json", "ch", x, [run_case("ch", ch, x, "eval", {})], ch)

    eca = prepared(ECA(), gen)
    fixture("eca.json", "eca", x, [run_case("eca", eca, x, "eval", {})], eca)

    cbam = prepared(CBAM(16), gen)
    fixture("cbam.json", "cbam", x, [run_case("cbam-eval", cbam, x, "eval", {}),
                                     run_case("cbam-train", cbam, x, "train", {})], cbam)

    # BAM on a 6x9 map: the square pooling window (6x6) averages columns 0..5 only.
    xb = features(2, 16, 6, 9)
    bam = prepared(BAM(16, square=True), gen)
    bam_global = BAM(16, square=False).double()
    bam_global.load_state_dict(bam.state_dict())
    bam_global.initial_state = bam.initial_state
    fixture("bam.json", "bam", xb, [
        run_case("bam-square-eval", bam, xb, "eval", {"bamPooling": "square"}),
        run_case("bam-square-train", bam, xb, "train", {"bamPooling": "square"}),
        run_case("bam-global-eval", bam_global, xb, "eval", {"bamPooling": "global"}),
    ], bam)

    # CRN and de-attention share the mask head; one set of weights serves every case.
    # C = 8, and a 4x5 map is the smallest that reflection padding of 3 (7x7 conv) allows.
    xm = features(2, 8, 4, 5)
    head = prepared(CRN(8), gen)
    weights = head.state_dict()

    def like_head(m):
        m.double()
        m.load_state_dict(weights)
        m.initial_state = head.initial_state
        return m

    fixture("maskhead.json", "maskhead", xm, [
        run_case("crn-eval", head, xm, "eval", {}),
        run_case("crn-train", head, xm, "train", {}),
        run_case("deattention-v1-reflect-eval", like_head(DeAttention(8, 1, "reflect")), xm, "eval",
                 {"deattentionVersion": 1, "deattentionPadding": "reflect"}),
        run_case("deattention-v1-reflect-train", like_head(DeAttention(8, 1, "reflect")), xm, "train",
                 {"deattentionVersion": 1, "deattentionPadding": "reflect"}),
        run_case("deattention-v2-reflect-eval", like_head(DeAttention(8, 2, "reflect")), xm, "eval",
                 {"deattentionVersion": 2, "deattentionPadding": "reflect"}),
        run_case("deattention-v1-zeros-eval", like_head(DeAttention(8, 1, "zeros")), xm, "eval",
                 {"deattentionVersion": 1, "deattentionPadding": "zeros"}),
    ], head)


if __name__ == "__main__":
    main()
