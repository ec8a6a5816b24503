#!/usr/bin/python3
"""Reference training steps for vpr4j's training-parity test (docs/training-parity.md).

For each case, a tiny network of the clean-room modules (vpr4j_torch) gets random weights, twelve
images (a query, a positive and ten negatives) and, with de-attention, mask targets; then three
optimisation steps run the way the reference trains (model.train(), the loss looped over the
negatives and divided by their number, the weighted mask MSE added after it, zero_grad, backward,
optimizer.step(), torch.optim.SGD or Adam). The HDF5 file holds, per case, the starting point and,
after every step, both loss parts, the learning rate and every trainable tensor and BatchNorm
running statistic, all in vpr4j's TensorFlow layouts (conv HWIO, linear [in, out]).
"""

import argparse
import os
import sys
import warnings

import h5py
import numpy as np
import torch
from torch import nn

from vpr4j_torch.atomic import check_output_dir
from vpr4j_torch.dims import Dims
from vpr4j_torch.errors import UserError
from vpr4j_torch.random_weights import calibrate_batch_norm_, randomize_
from vpr4j_torch.vgg import FIRST_DG_TRAINABLE_INDEX, FIRST_NANNE_TRAINABLE_INDEX
from vpr4j_torch.vprnet import VprNet

WIDTH = 1 / 16
CLUSTERS = 8
HEIGHT, WIDTH_PX = 64, 96  # a 4x6 feature grid: the 7x7 reflect-padded mask-head conv needs at least 4
NEGATIVES = 10
STEPS = 3
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)

# The reference's settings, written from its code (not from vpr4j's graph files, which the test checks).
DG = dict(loss="triplet", margin=0.1, pn_margin=1.4, mask_weight=0.0, optimizer="sgd", lr=1e-3, momentum=0.9,
          weight_decay=1e-3, first_trainable=FIRST_DG_TRAINABLE_INDEX, step_lr=None, epochs=(1, 1, 1))
CASES = {
    "baseline_triplet": dict(DG, variant="baseline", seed=11),
    "deatt_senet_stml": dict(DG, variant="deatt_senet", loss="stml", mask_weight=0.1, seed=12),
    "bam_triplet": dict(DG, variant="bam", seed=13),
    "cbam_triplet": dict(DG, variant="cbam", seed=14),
    # pytorch-NetVlad: margin 0.1 ** 0.5, lr 1e-4, StepLR(5, 0.5) stepped with the 1-based epoch at the
    # start of every epoch, conv5 only. The three steps fall in epochs 4, 5 and 10, so the rate changes.
    "netvlad_regime": dict(DG, variant="baseline", margin=0.1 ** 0.5, lr=1e-4,
                           first_trainable=FIRST_NANNE_TRAINABLE_INDEX, step_lr=(5, 0.5), epochs=(4, 5, 10),
                           seed=15),
    "baseline_adam": dict(DG, variant="baseline", optimizer="adam", seed=16),
}
LR_TABLE_EPOCHS = 30


def tf_layout(key: str, value: np.ndarray) -> np.ndarray:
    """PyTorch layout to vpr4j's: conv OIHW -> HWIO, linear [out, in] -> [in, out]."""
    if value.ndim == 4:
        return np.ascontiguousarray(value.transpose(2, 3, 1, 0))
    if value.ndim == 2 and not key.endswith("centroids"):
        return np.ascontiguousarray(value.T)
    return value


def normalise(pixels: np.ndarray) -> torch.Tensor:
    """uint8 NHWC to the network input, with vpr4j's in-graph arithmetic x * (1/(255 std)) - mean/std."""
    scale = np.float32(1) / (np.float32(255) * STD)
    shift = MEAN / STD
    x = pixels.astype(np.float32) * scale - shift
    return torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))


def images(rng: np.random.Generator) -> np.ndarray:
    """Query, a noisy copy of it as positive, and ten negatives blending the query with noise (uint8 NHWC).

    The blends go from mostly query to mostly noise, so some triplets violate the margin and others
    do not, and the hinge works in both states over the three steps.
    """
    px = rng.integers(0, 256, size=(2 + NEGATIVES, HEIGHT, WIDTH_PX, 3)).astype(np.float64)
    px[1] = np.clip(px[0] + rng.integers(-40, 41, size=px[0].shape), 0, 255)
    for i, share in enumerate(np.linspace(0.9, 0.0, NEGATIVES)):
        px[2 + i] = np.round(share * px[0] + (1 - share) * px[2 + i])
    return px.astype(np.uint8)


def ranking_loss(case, descriptors: torch.Tensor) -> torch.Tensor:
    """The reference's loop: one triplet per negative on 1-sample tensors, summed, divided by the count."""
    q, p = descriptors[0:1], descriptors[1:2]
    if case["loss"] == "triplet":
        criterion = nn.TripletMarginLoss(margin=case["margin"], p=2, reduction="sum")
    total = 0
    for i in range(2, 2 + NEGATIVES):
        n = descriptors[i:i + 1]
        if case["loss"] == "triplet":
            total = total + criterion(q, p, n)
        else:  # sTML, version 1: one hinge, distances without eps
            d_qp, d_qn, d_pn = torch.norm(q - p), torch.norm(q - n), torch.norm(p - n)
            total = total + torch.clamp(d_qp + case["margin"] - d_qn + case["pn_margin"] - d_pn, min=0)
    return total / NEGATIVES


def trainable(model: VprNet, first_encoder_index: int):
    for name, param in model.named_parameters():
        if name.startswith("encoder.") and int(name.split(".")[1]) < first_encoder_index:
            param.requires_grad = False
    return [p for p in model.parameters() if p.requires_grad]


def tracked(model: VprNet):
    """Trainable tensors and running statistics that forward reaches, by checkpoint key."""
    ignored = set(model.ignored_keys())
    names = {name for name, p in model.named_parameters() if p.requires_grad}
    names |= {name for name, _ in model.named_buffers() if name.endswith(("running_mean", "running_var"))}
    return sorted(names - ignored)


def write_state(group, model: VprNet, keys):
    state = model.state_dict()
    for key in keys:
        group.create_dataset(key, data=tf_layout(key, state[key].detach().numpy().astype(np.float32)))


def run_case(out: h5py.Group, case) -> None:
    torch.manual_seed(case["seed"])
    rng = np.random.default_rng(case["seed"])
    model = VprNet(case["variant"], Dims(WIDTH, CLUSTERS))
    pixels = images(rng)
    x = normalise(pixels)
    randomize_(model, case["seed"])
    calibrate_batch_norm_(model, x, case["seed"])
    params = trainable(model, case["first_trainable"])
    if case["optimizer"] == "sgd":
        optimizer = torch.optim.SGD(params, lr=case["lr"], momentum=case["momentum"],
                                    weight_decay=case["weight_decay"])
    else:
        optimizer = torch.optim.Adam(params, lr=case["lr"], weight_decay=case["weight_decay"])
    scheduler = None
    if case["step_lr"]:
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=case["step_lr"][0], gamma=case["step_lr"][1])

    grid = (HEIGHT // 16, WIDTH_PX // 16)
    # Bicubic reductions of binary masks overshoot [0, 1]; so do these targets.
    targets = rng.uniform(-0.3, 1.3, size=(len(pixels), 1) + grid).astype(np.float32)
    out.create_dataset("images", data=pixels)
    out.create_dataset("mask_targets", data=targets[:, 0])
    out.create_dataset("epochs", data=np.array(case["epochs"], dtype=np.int32))
    keys = tracked(model)
    write_state(out.create_group("init"), model, model_keys(model))

    model.train()
    for step, epoch in enumerate(case["epochs"]):
        if scheduler is not None:
            scheduler.step(epoch)  # pytorch-NetVlad's call, with the epoch number (1-based)
        outputs = model(x)
        descriptors, mask = outputs if isinstance(outputs, tuple) else (outputs, None)
        ranking = ranking_loss(case, descriptors)
        mask_loss = torch.zeros(())
        if case["mask_weight"] > 0:
            mask_loss = case["mask_weight"] * nn.MSELoss()(torch.from_numpy(targets), mask)
        optimizer.zero_grad()
        (ranking + mask_loss).backward()
        lr = optimizer.param_groups[0]["lr"]
        optimizer.step()
        g = out.create_group(f"step{step + 1}")
        g.attrs["ranking_loss"] = float(ranking)
        g.attrs["mask_loss"] = float(mask_loss)
        g.attrs["lr"] = float(lr)
        write_state(g.create_group("params"), model, keys)


def model_keys(model: VprNet):
    ignored = set(model.ignored_keys())
    return [k for k in model.state_dict() if k not in ignored]


def lr_table(out: h5py.File) -> None:
    """StepLR(5, 0.5) at lr 1e-4 as pytorch-NetVlad steps it: scheduler.step(epoch), epochs 1..30."""
    optimizer = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=1e-4)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.5)
    rates = []
    for epoch in range(1, LR_TABLE_EPOCHS + 1):
        scheduler.step(epoch)
        rates.append(optimizer.param_groups[0]["lr"])
    out.create_dataset("netvlad_lr_by_epoch", data=np.array(rates, dtype=np.float64))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="output HDF5 file")
    p.add_argument("--cases", default=",".join(CASES), help=f"comma-separated subset of {', '.join(CASES)}")
    args = p.parse_args(argv)
    try:
        check_output_dir(args.out, "--out")
        wanted = [c for c in args.cases.split(",") if c]
        unknown = [c for c in wanted if c not in CASES]
        if unknown:
            raise UserError(f"--cases: unknown case(s) {', '.join(unknown)}; known: {', '.join(CASES)}")
    except UserError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    torch.set_num_threads(1)  # one thread: the summation order does not depend on the machine's cores
    # pytorch-NetVlad's scheduler.step(epoch) before any optimizer.step() is what is being reproduced.
    warnings.filterwarnings("ignore", message=".*epoch parameter in `scheduler.step\\(\\)`.*")
    warnings.filterwarnings("ignore", message="Detected call of `lr_scheduler.step\\(\\)` before")
    tmp = args.out + ".tmp"
    with h5py.File(tmp, "w") as f:
        f.attrs["width"] = WIDTH
        f.attrs["clusters"] = CLUSTERS
        f.attrs["height"] = HEIGHT
        f.attrs["width_px"] = WIDTH_PX
        for name in wanted:
            run_case(f.create_group(name), CASES[name])
        lr_table(f)
    os.replace(tmp, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
