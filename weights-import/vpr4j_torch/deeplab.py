"""DeepLabV3+ with a MobileNetV2 backbone (19 Cityscapes classes, output stride 16), docs/guidance.md.

Reproduces the key names of ``best_deeplabv3plus_mobilenet_cityscapes_os16.pth`` (``model_state``) and the
two padding quirks of that implementation: the stem conv has no padding, and every inverted residual block
zero-pads its *input* before the 1x1 expansion conv while its depthwise conv has no padding.
"""

from collections import OrderedDict

import torch
import torch.nn.functional as F
from torch import nn

CITYSCAPES_CLASSES = 19

# (expansion t, output channels c, repeats n, first stride s) of MobileNetV2.
_BLOCK_TABLE = ((1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1))
_STEM_CHANNELS = 32
_LOW_LEVEL_END = 4  # features[0:4] -> 24 channels at stride 4
_ASPP_RATES = (6, 12, 18)
_ASPP_CHANNELS = 256
_LOW_LEVEL_PROJECTION = 48


class ConvBnRelu6(nn.Sequential):
    """Conv (no bias, no padding) -> BN -> ReLU6; keys ``.0`` and ``.1``."""

    def __init__(self, in_channels, out_channels, kernel_size=3, stride=1, dilation=1, groups=1):
        super().__init__(
            nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding=0, dilation=dilation, groups=groups, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU6(inplace=True),
        )


class InvertedResidual(nn.Module):
    """[1x1 expand ->] 3x3 depthwise -> 1x1 project -> BN, residual when stride 1 and shapes agree."""

    def __init__(self, in_channels, out_channels, stride, dilation, expansion):
        super().__init__()
        hidden = int(round(in_channels * expansion))
        self.use_residual = stride == 1 and in_channels == out_channels
        # Quirk 2: the padding a 3x3 conv with this dilation needs is applied to the block input.
        self.input_padding = dilation
        layers = []
        if expansion != 1:
            layers.append(ConvBnRelu6(in_channels, hidden, kernel_size=1))
        layers += [
            ConvBnRelu6(hidden, hidden, kernel_size=3, stride=stride, dilation=dilation, groups=hidden),
            nn.Conv2d(hidden, out_channels, kernel_size=1, bias=False),
            nn.BatchNorm2d(out_channels),
        ]
        self.conv = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        p = self.input_padding
        out = self.conv(F.pad(x, (p, p, p, p)))
        return x + out if self.use_residual else out


def _mobilenet_v2_blocks(output_stride: int = 16):
    """features[0..17] of MobileNetV2 (the final 1x1 -> 1280 conv is not used by DeepLab)."""
    blocks = [ConvBnRelu6(3, _STEM_CHANNELS, kernel_size=3, stride=2)]  # quirk 1: padding 0
    current_stride, dilation = 2, 1
    in_channels = _STEM_CHANNELS
    for expansion, channels, repeats, first_stride in _BLOCK_TABLE:
        previous_dilation = dilation
        if current_stride == output_stride:
            stride, dilation = 1, dilation * first_stride  # trade further striding for dilation
        else:
            stride = first_stride
            current_stride *= first_stride
        for i in range(repeats):
            if i == 0:
                blocks.append(InvertedResidual(in_channels, channels, stride, previous_dilation, expansion))
            else:
                blocks.append(InvertedResidual(in_channels, channels, 1, dilation, expansion))
            in_channels = channels
    return blocks


class MobileNetV2Trunk(nn.Module):
    """``low_level_features`` = blocks 0..3 (stride 4), ``high_level_features`` = blocks 4..17 (stride 16)."""

    def __init__(self, output_stride: int = 16):
        super().__init__()
        blocks = _mobilenet_v2_blocks(output_stride)
        # Index keys keep the block's position in the full network (4..17), as in the checkpoint.
        self.low_level_features = nn.Sequential(OrderedDict((str(i), b) for i, b in enumerate(blocks[:_LOW_LEVEL_END])))
        self.high_level_features = nn.Sequential(
            OrderedDict((str(i), b) for i, b in enumerate(blocks) if i >= _LOW_LEVEL_END))

    def forward(self, image: torch.Tensor):
        low = self.low_level_features(image)
        return low, self.high_level_features(low)


def _conv_bn_relu(in_channels, out_channels, kernel_size=1, dilation=1) -> nn.Sequential:
    padding = dilation * (kernel_size - 1) // 2
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel_size, padding=padding, dilation=dilation, bias=False),
        nn.BatchNorm2d(out_channels),
        nn.ReLU(inplace=True),
    )


class AsppPooling(nn.Sequential):
    """Image-level ASPP branch: global average -> 1x1 conv -> BN -> ReLU, upsampled back (keys ``.1``, ``.2``)."""

    def __init__(self, in_channels, out_channels):
        super().__init__(
            nn.AdaptiveAvgPool2d(1),
            nn.Conv2d(in_channels, out_channels, 1, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.interpolate(super().forward(x), size=x.shape[-2:], mode="bilinear", align_corners=False)


class Aspp(nn.Module):
    """Five parallel branches (1x1, three atrous 3x3, image pooling), concatenated and projected to 256."""

    def __init__(self, in_channels, rates=_ASPP_RATES, channels=_ASPP_CHANNELS):
        super().__init__()
        branches = [_conv_bn_relu(in_channels, channels)]
        branches += [_conv_bn_relu(in_channels, channels, kernel_size=3, dilation=r) for r in rates]
        branches.append(AsppPooling(in_channels, channels))
        self.convs = nn.ModuleList(branches)
        self.project = nn.Sequential(
            nn.Conv2d(len(branches) * channels, channels, 1, bias=False),
            nn.BatchNorm2d(channels),
            nn.ReLU(inplace=True),
            nn.Dropout(0.1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.project(torch.cat([branch(x) for branch in self.convs], dim=1))


class DeepLabV3PlusHead(nn.Module):
    """Decoder: ASPP on the stride-16 map, upsampled and fused with a 48-channel projection of the stride-4 map."""

    def __init__(self, high_channels=320, low_channels=24, classes=CITYSCAPES_CLASSES):
        super().__init__()
        self.project = _conv_bn_relu(low_channels, _LOW_LEVEL_PROJECTION)
        self.aspp = Aspp(high_channels)
        self.classifier = nn.Sequential(
            nn.Conv2d(_LOW_LEVEL_PROJECTION + _ASPP_CHANNELS, _ASPP_CHANNELS, 3, padding=1, bias=False),
            nn.BatchNorm2d(_ASPP_CHANNELS),
            nn.ReLU(inplace=True),
            nn.Conv2d(_ASPP_CHANNELS, classes, 1),
        )

    def forward(self, low: torch.Tensor, high: torch.Tensor) -> torch.Tensor:
        low = self.project(low)
        context = F.interpolate(self.aspp(high), size=low.shape[-2:], mode="bilinear", align_corners=False)
        return self.classifier(torch.cat([low, context], dim=1))


class DeepLabV3PlusMobileNet(nn.Module):
    """forward(image [B,3,H,W]) -> Cityscapes logits [B,19,H,W] (bilinear, align_corners=False)."""

    def __init__(self, classes: int = CITYSCAPES_CLASSES, output_stride: int = 16):
        super().__init__()
        self.backbone = MobileNetV2Trunk(output_stride)
        self.classifier = DeepLabV3PlusHead(classes=classes)

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        low, high = self.backbone(image)
        logits = self.classifier(low, high)
        return F.interpolate(logits, size=image.shape[-2:], mode="bilinear", align_corners=False)

    def ignored_keys(self):
        return [k for k in self.state_dict() if k.endswith("num_batches_tracked")]
