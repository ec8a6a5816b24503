"""The assembled VPR network: VGG16 trunk -> de-attention -> attention(s) -> NetVLAD (docs/attention.md)."""

import torch
from torch import nn

from .attention import Bam, Cbam, SqueezeExcitation
from .dims import Dims
from .mask_head import UNUSED_BLOCKS, Crn, DeAttention
from .netvlad import NetVLAD
from .variants import ATTENTION_ORDER, VARIANT_MODULES  # noqa: F401 (re-exported)
from .vgg import cropped_vgg16_layers

# The attention order and the variants come from the data file the Java side reads too.
VPR_VARIANTS = tuple(VARIANT_MODULES)


def variant_for_modules(modules) -> str:
    """The variant name for a set of attention submodule names, or None if no variant has exactly them."""
    wanted = set(modules)
    for name, parts in VARIANT_MODULES.items():
        if set(parts) == wanted:
            return name
    return None


class VprNet(nn.Module):
    """One row of the paper's table. forward(image) -> descriptor, or (descriptor, mask) with de-attention.

    Submodule names (``encoder``, ``deattention``, ``senet_attention``, ..., ``pool``) are the checkpoint's
    key prefixes, so ``load_state_dict`` takes a (prefix-normalised) checkpoint directly.
    """

    def __init__(self, variant: str, dims: Dims = Dims(), deatt_version: int = 1, deatt_padding: str = "reflect"):
        super().__init__()
        if variant not in VARIANT_MODULES:
            raise ValueError(f"unknown VPR variant {variant!r}; known: {', '.join(VPR_VARIANTS)}")
        self.variant = variant
        self.dims = dims
        dim, hidden = dims.encoder_dim, dims.attention_hidden
        self.encoder = cropped_vgg16_layers(dims)
        wanted = VARIANT_MODULES[variant]
        factories = {
            "deattention": lambda: DeAttention(dim, dims.mask_head, deatt_version, deatt_padding),
            "senet_attention": lambda: SqueezeExcitation(dim, hidden),
            "bam_attention": lambda: Bam(dim, hidden),
            "cbam_attention": lambda: Cbam(dim, hidden),
            "crn_attention": lambda: Crn(dim, dims.mask_head),
        }
        self.attention_names = tuple(name for name in ATTENTION_ORDER if name in wanted)
        for name in self.attention_names:
            self.add_module(name, factories[name]())
        self.pool = NetVLAD(dims.clusters, dim)

    @property
    def has_mask_output(self) -> bool:
        return "deattention" in self.attention_names

    def forward(self, image: torch.Tensor):
        features = self.encoder(image)
        mask = None
        for name in self.attention_names:
            out = getattr(self, name)(features)
            if name == "deattention":
                features, mask = out
            elif name == "crn_attention":
                features = out[0]  # the reference discards CRN's mask
            else:
                features = out
        descriptor = self.pool(features)
        return (descriptor, mask) if mask is not None else descriptor

    def ignored_keys(self):
        """State_dict keys not needed for inference: BN counters and the never-called mask-head blocks."""
        ignored = []
        for key in self.state_dict():
            parts = key.split(".")
            if parts[-1] == "num_batches_tracked":
                ignored.append(key)
            elif len(parts) > 1 and parts[0] in ("deattention", "crn_attention") and parts[1] in UNUSED_BLOCKS:
                ignored.append(key)
        return ignored
