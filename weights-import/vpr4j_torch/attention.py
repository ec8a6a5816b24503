"""The existing attention modules the paper compares against: SE, BAM, CBAM, ECA and plain channel attention.

Attribute names follow the reference implementations so that the state_dict keys match checkpoint-keys.txt.
"""

from collections import OrderedDict

import torch
from torch import nn


def _global_mean(x: torch.Tensor) -> torch.Tensor:
    return x.mean(dim=(2, 3))


class SqueezeExcitation(nn.Module):
    """SE: x * sigmoid(W2 relu(W1 mean_hw(x))), both linears without bias (keys ``fc.0``, ``fc.2``)."""

    def __init__(self, channels: int = 512, hidden: int = 32):
        super().__init__()
        self.fc = nn.Sequential(
            nn.Linear(channels, hidden, bias=False),
            nn.ReLU(inplace=True),
            nn.Linear(hidden, channels, bias=False),
            nn.Sigmoid(),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.fc(_global_mean(x)).unsqueeze(2).unsqueeze(3)


class BamChannelGate(nn.Module):
    """BAM channel branch: pooled vector -> Linear -> BN1d -> ReLU -> Linear."""

    def __init__(self, channels: int, hidden: int):
        super().__init__()
        self.gate_c = nn.Sequential(OrderedDict([
            ("gate_c_fc_0", nn.Linear(channels, hidden)),
            ("gate_c_bn_1", nn.BatchNorm1d(hidden)),
            ("gate_c_relu_1", nn.ReLU(inplace=True)),
            ("gate_c_fc_final", nn.Linear(hidden, channels)),
        ]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # Quirk kept from the reference: avg_pool2d with a square H x H kernel, so on a map wider than
        # high (30 x 40) only the left H columns are averaged. Slicing keeps H dynamic in ONNX.
        height = x.shape[2]
        pooled = _global_mean(x[:, :, :, :height])
        return self.gate_c(pooled).unsqueeze(2).unsqueeze(3)


class BamSpatialGate(nn.Module):
    """BAM spatial branch: 1x1 reduce, two dilated 3x3 convs (dilation 4), 1x1 to one channel."""

    def __init__(self, channels: int, hidden: int, dilation: int = 4):
        super().__init__()
        layers = [
            ("gate_s_conv_reduce0", nn.Conv2d(channels, hidden, kernel_size=1)),
            ("gate_s_bn_reduce0", nn.BatchNorm2d(hidden)),
            ("gate_s_relu_reduce0", nn.ReLU(inplace=True)),
        ]
        for i in range(2):
            layers += [
                (f"gate_s_conv_di_{i}", nn.Conv2d(hidden, hidden, kernel_size=3, padding=dilation, dilation=dilation)),
                (f"gate_s_bn_di_{i}", nn.BatchNorm2d(hidden)),
                (f"gate_s_relu_di_{i}", nn.ReLU(inplace=True)),
            ]
        layers.append(("gate_s_conv_final", nn.Conv2d(hidden, 1, kernel_size=1)))
        self.gate_s = nn.Sequential(OrderedDict(layers))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.gate_s(x)


class Bam(nn.Module):
    """Bottleneck attention: (1 + sigmoid(channel * spatial)) * x."""

    def __init__(self, channels: int = 512, hidden: int = 32):
        super().__init__()
        self.channel_att = BamChannelGate(channels, hidden)
        self.spatial_att = BamSpatialGate(channels, hidden)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        attention = torch.sigmoid(self.channel_att(x) * self.spatial_att(x))
        return (1 + attention) * x


class CbamChannelGate(nn.Module):
    """CBAM channel branch: one MLP shared by the global average and the global max vector."""

    def __init__(self, channels: int, hidden: int):
        super().__init__()
        self.mlp = nn.Sequential(
            nn.Flatten(),
            nn.Linear(channels, hidden),
            nn.ReLU(),
            nn.Linear(hidden, channels),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pooled_avg = x.mean(dim=(2, 3), keepdim=True)
        pooled_max = x.amax(dim=(2, 3), keepdim=True)
        scale = torch.sigmoid(self.mlp(pooled_avg) + self.mlp(pooled_max))
        return x * scale.unsqueeze(2).unsqueeze(3)


class CbamSpatialConv(nn.Module):
    """7x7 conv (2 -> 1, no bias) + BN (momentum 0.01), no ReLU: keys ``spatial.conv`` / ``spatial.bn``."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 1, kernel_size=7, padding=3, bias=False)
        self.bn = nn.BatchNorm2d(1, eps=1e-5, momentum=0.01)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.bn(self.conv(x))


class CbamSpatialGate(nn.Module):
    """CBAM spatial branch on [max over C, mean over C]."""

    def __init__(self):
        super().__init__()
        self.spatial = CbamSpatialConv()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        compressed = torch.cat([x.amax(dim=1, keepdim=True), x.mean(dim=1, keepdim=True)], dim=1)
        return x * torch.sigmoid(self.spatial(compressed))


class Cbam(nn.Module):
    """Channel gate then spatial gate."""

    def __init__(self, channels: int = 512, hidden: int = 32):
        super().__init__()
        self.ChannelGate = CbamChannelGate(channels, hidden)  # attribute names are checkpoint keys
        self.SpatialGate = CbamSpatialGate()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.SpatialGate(self.ChannelGate(x))


class EcaAttention(nn.Module):
    """ECA: a 1-D conv (no bias) across the channel axis of the pooled vector, then sigmoid."""

    def __init__(self, kernel_size: int = 3):
        super().__init__()
        self.conv = nn.Conv1d(1, 1, kernel_size=kernel_size, padding=(kernel_size - 1) // 2, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        weights = torch.sigmoid(self.conv(_global_mean(x).unsqueeze(1)))   # [B, 1, C]
        return x * weights.squeeze(1).unsqueeze(2).unsqueeze(3)


class ChannelAttention(nn.Module):
    """Parameter-free channel attention: x * sigmoid(mean_hw(x))."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * torch.sigmoid(_global_mean(x)).unsqueeze(2).unsqueeze(3)
