"""The CRN-style mask head shared by CRN attention and the paper's DeAttention (docs/attention.md)."""

import torch
import torch.nn.functional as F
from torch import nn

PADDING_MODES = ("reflect", "zeros")
DEATTENTION_VERSIONS = (1, 2)

# Submodules present in the state_dict but never called in forward; importers ignore them.
UNUSED_BLOCKS = ("crn_downsample", "crn_upsample")


def _conv_relu_bn(in_channels: int, out_channels: int, kernel_size: int, padding_mode: str) -> nn.Sequential:
    # Conv -> ReLU -> BatchNorm (BN after the ReLU, as the reference does); keys .0 (conv) and .2 (BN).
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel_size, padding=kernel_size // 2, padding_mode=padding_mode),
        nn.ReLU(inplace=True),
        nn.BatchNorm2d(out_channels),
    )


class MaskHead(nn.Module):
    """Multi-scale mask: 3x3, 5x5, 7x7 branches, concat, 1x1 to one channel, ReLU, BN, sigmoid.

    The input must already be L2-normalised over channels. ``padding_mode`` applies to the 3x3/5x5/7x7
    convs (and the unused down-sampling conv); the 1x1 conv has no padding.
    """

    def __init__(self, dim: int, branch_channels, padding_mode: str):
        super().__init__()
        if padding_mode not in PADDING_MODES:
            raise ValueError(f"padding mode {padding_mode!r} not in {PADDING_MODES}")
        d1, d2, d3 = branch_channels
        # Registration order fixes the state_dict order: downsample, conv1..4, upsample.
        self.crn_downsample = nn.Sequential(
            nn.Conv2d(dim, dim, kernel_size=3, padding=1, padding_mode=padding_mode),
            nn.ReLU(inplace=True),
            nn.BatchNorm2d(dim),
            nn.MaxPool2d(2),
        )
        self.crn_conv1 = _conv_relu_bn(dim, d1, 3, padding_mode)
        self.crn_conv2 = _conv_relu_bn(dim, d2, 5, padding_mode)
        self.crn_conv3 = _conv_relu_bn(dim, d3, 7, padding_mode)
        self.crn_conv4 = _conv_relu_bn(d1 + d2 + d3, 1, 1, "zeros")
        # Unused and inconsistent in the reference (BN over `dim` channels after a 1-channel deconv); kept for the keys.
        self.crn_upsample = nn.Sequential(
            nn.ConvTranspose2d(1, 1, kernel_size=2, stride=2),
            nn.ReLU(inplace=True),
            nn.BatchNorm2d(dim),
        )

    def forward(self, normalised: torch.Tensor) -> torch.Tensor:
        branches = torch.cat(
            [self.crn_conv1(normalised), self.crn_conv2(normalised), self.crn_conv3(normalised)], dim=1)
        return torch.sigmoid(self.crn_conv4(branches))


class Crn(MaskHead):
    """CRN attention (reflect padding everywhere). Returns (normalised x * mask, mask)."""

    def __init__(self, dim: int = 512, branch_channels=(32, 32, 20)):
        super().__init__(dim, branch_channels, "reflect")

    def forward(self, x: torch.Tensor):
        normalised = F.normalize(x, p=2, dim=1)
        mask = super().forward(normalised)
        return normalised * mask, mask


class DeAttention(MaskHead):
    """The paper's de-attention. Returns (x * mask, mask) for version 1, (x + x * mask, mask) for version 2.

    x here is the raw (not normalised) encoder output; only the mask head sees the normalised features.
    """

    def __init__(self, dim: int = 512, branch_channels=(32, 32, 20), version: int = 1, padding_mode: str = "reflect"):
        super().__init__(dim, branch_channels, padding_mode)
        if version not in DEATTENTION_VERSIONS:
            raise ValueError(f"de-attention version {version} not in {DEATTENTION_VERSIONS}")
        self.version = version

    def forward(self, x: torch.Tensor):
        mask = super().forward(F.normalize(x, p=2, dim=1))
        if self.version == 2:
            return x + x * mask, mask
        return x * mask, mask
