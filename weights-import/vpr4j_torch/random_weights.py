"""Random weights of realistic scale, so that exported graphs compute sensible values and no two tensors match.

Identical tensors (e.g. the default BN statistics 0 and 1) would be merged by the ONNX exporter, which is not
what a trained checkpoint looks like; every tensor here is drawn independently. BatchNorm statistics can then
be calibrated on random images, as in a trained network, so that masks and activations are not saturated.
"""

import math

import torch
from torch import nn

from .netvlad import NetVLAD

_CONVS = (nn.Conv1d, nn.Conv2d, nn.ConvTranspose2d, nn.Linear)
_NORMS = (nn.BatchNorm1d, nn.BatchNorm2d)


def _normal(shape, std, generator):
    return torch.randn(shape, generator=generator) * std


def _uniform(shape, low, high, generator):
    return low + (high - low) * torch.rand(shape, generator=generator)


def _fan_in(module) -> int:
    w = module.weight
    if isinstance(module, nn.ConvTranspose2d):
        # weight [in, out/groups, kh, kw]: each output sums over in * kh * kw / stride^2 inputs; He on out*k*k
        return w.shape[1] * w[0, 0].numel()
    return w[0].numel()


@torch.no_grad()
def randomize_(model: nn.Module, seed: int) -> nn.Module:
    """Overwrites every parameter and buffer of ``model`` in place, deterministically for ``seed``."""
    g = torch.Generator().manual_seed(seed)
    for module in model.modules():
        if isinstance(module, _CONVS):
            module.weight.copy_(_normal(module.weight.shape, math.sqrt(2.0 / _fan_in(module)), g))  # He init
            if module.bias is not None:
                module.bias.copy_(_normal(module.bias.shape, 0.05, g))
        elif isinstance(module, _NORMS):
            n = module.num_features
            module.weight.copy_(_uniform(n, 0.5, 1.5, g))
            module.bias.copy_(_normal(n, 0.1, g))
            module.running_mean.copy_(_normal(n, 0.2, g))
            module.running_var.copy_(_uniform(n, 0.5, 2.0, g))  # strictly positive
            module.num_batches_tracked.fill_(int(torch.randint(1000, 100000, (1,), generator=g)))
    # NetVLAD last: the loop above has just given its 1x1 conv a generic init.
    for module in model.modules():
        if isinstance(module, NetVLAD):
            # k-means centres of unit descriptors have norm < 1; alpha as for a typical similarity gap.
            directions = torch.nn.functional.normalize(_normal((module.clusters, module.dim), 1.0, g), dim=1)
            norms = _uniform((module.clusters, 1), 0.4, 0.9, g)
            alpha = float(_uniform(1, 30.0, 60.0, g))
            module.init_from_centroids(directions * norms, alpha)
    return model


@torch.no_grad()
def calibrate_batch_norm_(model: nn.Module, images: torch.Tensor, seed: int) -> nn.Module:
    """Sets the running statistics of every BatchNorm that forward reaches to the statistics of ``images``.

    Without this, random statistics easily push a mask head into a constant (e.g. an all-zero ReLU before the
    last BN), which would hide padding or layout errors in a parity check. BNs forward never calls (the unused
    mask-head blocks) keep their random values. Statistics get a little noise so no two tensors are equal.
    """
    g = torch.Generator().manual_seed(seed + 3)
    norms = [m for m in model.modules() if isinstance(m, _NORMS)]
    saved = [(m.momentum, m.running_mean.clone(), m.running_var.clone(), m.num_batches_tracked.clone()) for m in norms]
    for m in norms:
        m.reset_running_stats()
        m.momentum = None  # cumulative average: one batch gives exactly its statistics
    was_training = model.training
    model.train()
    model(images)
    model.train(was_training)
    for m, (momentum, mean, var, count) in zip(norms, saved):
        m.momentum = momentum
        if int(m.num_batches_tracked) == 0:
            m.running_mean.copy_(mean), m.running_var.copy_(var)
        else:
            n = m.num_features
            m.running_mean.add_(_normal(n, 1e-3, g))
            m.running_var.mul_(_uniform(n, 0.9, 1.1, g)).add_(1e-3)
        m.num_batches_tracked.copy_(count)
    return model
