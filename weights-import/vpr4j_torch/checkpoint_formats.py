"""Builders of checkpoint dicts in the exact layouts users bring (docs/training.md, docs/checkpoints.md).

- DG (the paper's code): epoch, state_dict, recalls, best_score (R@1), optimizer, parallel, deatt_category_list.
- NANNE (pytorch-NetVlad): the same without deatt_category_list; best_score is R@5, recalls at 1/5/10/20.
- VainF DeepLabV3+: model_state, optimizer_state, scheduler_state, cur_itrs, best_score.
- torchvision VGG16: a plain state_dict with features.* and classifier.*.
"""

from collections import OrderedDict

import numpy as np
import torch

from .deeplab import DeepLabV3PlusMobileNet
from .dims import Dims
from .random_weights import calibrate_batch_norm_, randomize_
from .vgg import FIRST_DG_TRAINABLE_INDEX, FIRST_NANNE_TRAINABLE_INDEX, Vgg16Conv5, vgg16_classifier_shapes
from .vprnet import VprNet

# Image size for BatchNorm calibration: an 8 x 10 feature map suits every VPR variant (reflect padding, BAM).
CALIBRATION_SIZE = (128, 160)

DG_RECALL_AT = (1, 2, 3, 4, 5, 10, 15, 20, 25)
NANNE_RECALL_AT = (1, 5, 10, 20)

# deatt_category_list as DG saves it: the parser default, or what the paper's scripts pass (docs/training.md).
DEFAULT_CATEGORIES = ["vehicle", "human"]
SCRIPT_CATEGORIES = {"deatt": ["human", "vehicle"], "deatt_senet": ["human", "vehicle", "sky"]}


def _recalls(at, generator):
    # Recall@N grows with N; DG stores numpy float64 values (correct / numQ).
    values = np.sort(0.80 + 0.19 * torch.rand(len(at), generator=generator).double().numpy())
    return {n: np.float64(v) for n, v in zip(at, values)}


def _trainable_vpr_parameters(model: VprNet, nanne: bool):
    """Parameters the run's optimiser held: conv3_1.. (DG) or conv5_1.. (NANNE) of the trunk, everything after it."""
    first = FIRST_NANNE_TRAINABLE_INDEX if nanne else FIRST_DG_TRAINABLE_INDEX
    params = []
    for name, p in model.named_parameters():
        top, rest = name.split(".", 1)
        if top == "encoder" and int(rest.split(".", 1)[0]) < first:
            continue
        params.append((name, p))
    return params


def _sgd_state(named_params, unused, lr, momentum, weight_decay, generator, param_groups=None):
    """A real SGD state_dict after one step: momentum buffers for every parameter that received a gradient.

    Parameters never used in forward (``unused``) get no gradient, hence no buffer, as in training.
    Must run before the weights are randomised, because the step changes them.
    """
    params = [p for _, p in named_params]
    groups = param_groups if param_groups is not None else [{"params": params}]
    optimizer = torch.optim.SGD(groups, lr=lr, momentum=momentum, weight_decay=weight_decay)
    for name, p in named_params:
        if name not in unused:
            p.grad = 1e-3 * torch.randn(p.shape, generator=generator)
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)
    return optimizer.state_dict()


def vpr_state_dict_keys(state, parallel: bool, old_crm_names: bool):
    """DataParallel naming ('encoder.module.', 'pool.module.'; never attention keys) and the old 'crm' spelling."""
    out = OrderedDict()
    for key, value in state.items():
        if parallel:
            for top in ("encoder.", "pool."):
                if key.startswith(top):
                    key = top + "module." + key[len(top):]
        if old_crm_names:
            key = key.replace("crn", "crm")
        out[key] = value
    return out


def vpr_checkpoint(variant: str, dims: Dims, seed: int, parallel=False, old_crm_names=False, nanne=False,
                   deatt_version=1, deatt_padding="reflect"):
    """A DG (or, with ``nanne``, NANNE) checkpoint dict with random weights; returns (dict, model)."""
    g = torch.Generator().manual_seed(seed + 1)
    model = VprNet(variant, dims, deatt_version, deatt_padding)
    named = _trainable_vpr_parameters(model, nanne)
    lr = 1e-4 if nanne else 1e-3  # NANNE's and DG's defaults; momentum 0.9, weight decay 1e-3 in both
    optimizer = _sgd_state(named, set(model.ignored_keys()), lr, 0.9, 1e-3, g)
    randomize_(model, seed)
    calibrate_batch_norm_(model, torch.randn(2, 3, *CALIBRATION_SIZE, generator=g), seed)
    recalls = _recalls(NANNE_RECALL_AT if nanne else DG_RECALL_AT, g)
    checkpoint = {
        "epoch": int(torch.randint(1, 31, (1,), generator=g)),
        "state_dict": vpr_state_dict_keys(model.state_dict(), parallel, old_crm_names),
        "recalls": recalls,
        "best_score": recalls[5] if nanne else recalls[1],
        "optimizer": optimizer,
        "parallel": bool(parallel),
    }
    if not nanne:
        checkpoint["deatt_category_list"] = list(SCRIPT_CATEGORIES.get(variant, DEFAULT_CATEGORIES))
    return checkpoint, model


def segmenter_checkpoint(seed: int):
    """VainF's DeepLabV3+ checkpoint dict (weights under 'model_state'); returns (dict, model)."""
    g = torch.Generator().manual_seed(seed + 1)
    model = DeepLabV3PlusMobileNet()
    backbone = list(model.backbone.named_parameters(prefix="backbone"))
    head = list(model.classifier.named_parameters(prefix="classifier"))
    lr = 0.01
    groups = [{"params": [p for _, p in backbone], "lr": 0.1 * lr}, {"params": [p for _, p in head], "lr": lr}]
    optimizer = _sgd_state(backbone + head, set(), lr, 0.9, 1e-4, g, param_groups=groups)
    randomize_(model, seed)
    calibrate_batch_norm_(model, torch.randn(2, 3, 96, 128, generator=g), seed)
    total_itrs, cur_itrs = 30000, int(torch.randint(1000, 30000, (1,), generator=g))
    base_lrs = [0.1 * lr, lr]
    checkpoint = {
        "cur_itrs": cur_itrs,
        "model_state": model.state_dict(),
        "optimizer_state": optimizer,
        # PolyLR's state_dict: its __dict__ without the optimizer, plain Python values only.
        "scheduler_state": {
            "max_iters": total_itrs, "power": 0.9, "min_lr": 1e-6, "base_lrs": base_lrs,
            "last_epoch": cur_itrs, "_step_count": cur_itrs + 1, "verbose": False,
            "_get_lr_called_within_step": False,
            "_last_lr": [max(b * (1 - cur_itrs / total_itrs) ** 0.9, 1e-6) for b in base_lrs],
        },
        "best_score": np.float64(0.6 + 0.1 * float(torch.rand(1, generator=g))),
    }
    return checkpoint, model


def vgg16_imagenet_state_dict(dims: Dims, seed: int):
    """torchvision's ``vgg16-397923af.pth`` layout: features.0..28 plus classifier.0/3/6 (a plain state_dict)."""
    model = randomize_(Vgg16Conv5(dims), seed)
    state = OrderedDict(model.state_dict())
    g = torch.Generator().manual_seed(seed + 2)
    for key, shape in vgg16_classifier_shapes(dims).items():
        if key.endswith("weight"):
            state[key] = torch.randn(shape, generator=g) * (2.0 / shape[1]) ** 0.5
        else:
            state[key] = 0.05 * torch.randn(shape, generator=g)
    return state, model
