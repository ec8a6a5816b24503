"""VGG16 trunk cropped after conv5_3 (before its ReLU), with torchvision's layer indices."""

from collections import OrderedDict

import torch
from torch import nn

from .dims import Dims

# Convolutions per stage of VGG16 (configuration "D").
_CONVS_PER_STAGE = (2, 2, 3, 3, 3)

# Index of conv3_1 in the trunk: DG trains from here on, NANNE from conv5_1 (index 24).
FIRST_DG_TRAINABLE_INDEX = 10
FIRST_NANNE_TRAINABLE_INDEX = 24


def cropped_vgg16_layers(dims: Dims) -> nn.Sequential:
    """The 29 modules 0..28 of torchvision's ``vgg16().features``: conv1_1 .. conv5_3, no final ReLU/pool.

    Index numbering matters: the checkpoint keys are ``encoder.N.weight`` with N the position here.
    """
    stage_channels = dims.vgg_stages + (dims.vgg_stages[-1],)  # stage 5 keeps stage 4's width
    layers = []
    in_channels = 3
    for stage, n_convs in enumerate(_CONVS_PER_STAGE):
        out_channels = stage_channels[stage]
        for _ in range(n_convs):
            layers.append(nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=1, padding=1))
            layers.append(nn.ReLU(inplace=True))
            in_channels = out_channels
        layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
    # The reference drops the ReLU after conv5_3 and the last max-pool: the output can be negative.
    layers = layers[:-2]
    assert len(layers) == 29
    return nn.Sequential(OrderedDict((str(i), layer) for i, layer in enumerate(layers)))


class Vgg16Conv5(nn.Module):
    """torchvision's ImageNet VGG16 reduced to ``features.0..28``; returns conv5_3 before its ReLU.

    The classifier of ``vgg16-397923af.pth`` is not part of this module (its keys are ignored on import).
    """

    def __init__(self, dims: Dims = Dims()):
        super().__init__()
        self.features = cropped_vgg16_layers(dims)

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return self.features(image)


def vgg16_classifier_shapes(dims: Dims, classes: int = 1000):
    """State_dict shapes of torchvision's VGG16 classifier (for random ImageNet-format checkpoints)."""
    flat = dims.encoder_dim * 7 * 7
    hidden = dims.classifier_hidden
    return OrderedDict([
        ("classifier.0.weight", (hidden, flat)),
        ("classifier.0.bias", (hidden,)),
        ("classifier.3.weight", (hidden, hidden)),
        ("classifier.3.bias", (hidden,)),
        ("classifier.6.weight", (classes, hidden)),
        ("classifier.6.bias", (classes,)),
    ])
