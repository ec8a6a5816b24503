"""Channel sizes of the VPR networks, scaled by a width fraction so tests can use tiny models."""

from dataclasses import dataclass

from .errors import UserError
from .variants import FIRST_CONV_CHANNELS

# Paper sizes (width 1.0).
VGG_STAGE_CHANNELS = (64, 128, 256, 512)
ATTENTION_HIDDEN = 32          # 512 / reduction 16 in SE, BAM and CBAM
MASK_HEAD_CHANNELS = (32, 32, 20)  # CRN / de-attention conv1 (3x3), conv2 (5x5), conv3 (7x7)
VGG_CLASSIFIER_HIDDEN = 4096
DEFAULT_CLUSTERS = 64


def scale(channels: int, width: float) -> int:
    """Scaled channel count, rounded half up, never below 1 (the same rule everywhere)."""
    return max(1, int(channels * width + 0.5))


def check_width(width: float, option: str = "--width") -> float:
    """Accepts widths in (0, 1] that give a whole number of conv1_1 channels."""
    if not (0.0 < width <= 1.0):
        raise UserError(f"{option} {width}: must be in (0, 1]")
    first = FIRST_CONV_CHANNELS * width
    if abs(first - round(first)) > 1e-6:
        raise UserError(f"{option} {width}: {FIRST_CONV_CHANNELS} * width must be a whole number of channels"
                        " (e.g. 1, 0.5, 0.25, 0.125)")
    return width


@dataclass(frozen=True)
class Dims:
    """All channel counts of one network size."""

    width: float = 1.0
    clusters: int = DEFAULT_CLUSTERS

    def __post_init__(self):
        check_width(self.width)
        if self.clusters < 1:
            raise UserError(f"--clusters {self.clusters}: must be at least 1")

    @property
    def vgg_stages(self):
        return tuple(scale(c, self.width) for c in VGG_STAGE_CHANNELS)

    @property
    def encoder_dim(self) -> int:
        return self.vgg_stages[-1]

    @property
    def attention_hidden(self) -> int:
        return scale(ATTENTION_HIDDEN, self.width)

    @property
    def mask_head(self):
        return tuple(scale(c, self.width) for c in MASK_HEAD_CHANNELS)

    @property
    def classifier_hidden(self) -> int:
        return scale(VGG_CLASSIFIER_HIDDEN, self.width)

    @property
    def descriptor_dim(self) -> int:
        return self.clusters * self.encoder_dim
