#!/usr/bin/python3
"""The reference side of `scripts/bench.sh`: what a user would run instead of vpr4j.

One stage per call, so each process's peak memory belongs to one measurement:
  extract  PyTorch, the clean-room VprNet('baseline') of weights-import in eval mode under no_grad
  train    PyTorch, one SGD step: 1 query, 1 positive, N negatives, conv3_1 onward trainable
  search   faiss IndexFlatL2, exact k-NN of unit vectors
  kmeans   faiss Kmeans with its defaults (at most 256 points per centroid, seed 1234)

Prints the measurements as a JSON array (the schema vpr4j's BenchResult reads) and, with --json,
also writes them to that file (temp sibling + rename). Timings are the median of --runs after
--warmup untimed runs; inputs are prepared outside the timed region, as for the Java side.
Exit code 2 with a one-line message for bad options or a missing file.
"""

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "weights-import"))


class UsageError(Exception):
    """A problem with the options or input files that the user can fix."""


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--stage", required=True, choices=["extract", "train", "search", "kmeans"])
    p.add_argument("--threads", type=int, default=2, help="threads for torch / faiss (default 2)")
    p.add_argument("--runs", type=int, default=3, help="timed runs; the median is reported (default 3)")
    p.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    p.add_argument("--json", help="also write the measurements to this file")
    g = p.add_argument_group("extract / train")
    g.add_argument("--checkpoint", help="weights for VprNet (a make_random_checkpoint.py file); default: torch's init")
    g.add_argument("--width", type=float, default=1.0, help="VGG16 width fraction (default 1.0)")
    g.add_argument("--input", default="640x480", help="WIDTHxHEIGHT (default 640x480)")
    g.add_argument("--batches", default="1,4,8", help="extract: batch sizes (default 1,4,8)")
    g.add_argument("--negatives", type=int, default=10, help="train: negatives per query (default 10)")
    g.add_argument("--trainable", default="conv3", choices=["conv1", "conv2", "conv3", "conv4", "conv5"],
                   help="train: first trained VGG block (default conv3, as the paper's code)")
    g = p.add_argument_group("search")
    g.add_argument("--db", type=int, default=10000, help="database vectors (default 10000)")
    g.add_argument("--queries", type=int, default=6816, help="query vectors (default 6816)")
    g.add_argument("--dim", type=int, default=32768, help="dimension (default 32768)")
    g.add_argument("--k", type=int, default=25, help="neighbours (default 25)")
    g = p.add_argument_group("kmeans")
    g.add_argument("--points", type=int, default=50000, help="points (default 50000)")
    g.add_argument("--point-dim", type=int, default=512, help="dimension (default 512)")
    g.add_argument("--clusters", type=int, default=64, help="k (default 64)")
    g.add_argument("--iterations", type=int, default=100, help="Lloyd iterations (default 100)")
    return p.parse_args(argv)


def input_size(text):
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise UsageError(f"--input {text!r} is not WIDTHxHEIGHT, e.g. 640x480")
    if w < 16 or h < 16:
        raise UsageError(f"--input {text}: at least 16x16")
    return w, h


def median_seconds(work, warmup, runs):
    for _ in range(warmup):
        work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux reports KiB


def measurement(stage, engine, label, case, items, unit, seconds, args, load_before, extra=None):
    return {
        "stage": stage, "engine": engine, "label": label, "case": case, "items": items, "unit": unit,
        "seconds": seconds, "runs": args.runs, "warmup": args.warmup, "peakRssMib": round(peak_rss_mib(), 1),
        "loadBefore": load_before, "loadAfter": round(os.getloadavg()[0], 2), "extra": extra or {},
    }


# ---------------------------------------------------------------- PyTorch


def torch_model(args):
    import torch
    from vpr4j_torch.checkpoint import extract_state_dict, load_checkpoint, normalise_keys
    from vpr4j_torch.dims import Dims
    from vpr4j_torch.vprnet import VprNet

    torch.set_num_threads(args.threads)
    torch.manual_seed(123)
    model = VprNet("baseline", Dims(args.width))
    if args.checkpoint:
        if not os.path.isfile(args.checkpoint):
            raise UsageError(f"--checkpoint {args.checkpoint}: file not found")
        state = normalise_keys(extract_state_dict(load_checkpoint(args.checkpoint), args.checkpoint), args.checkpoint)
        state = {k: v for k, v in state.items() if not k.endswith("num_batches_tracked")}
        model.load_state_dict(state, strict=True)
    return model


def normalised_images(n, w, h, seed):
    import torch
    g = torch.Generator().manual_seed(seed)
    pixels = torch.randint(0, 256, (n, 3, h, w), generator=g, dtype=torch.uint8)
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    return (pixels.float() / 255 - mean) / std


def torch_label(args, what):
    import torch
    return (f"PyTorch {torch.__version__} (Debian), VprNet baseline x{args.width:g} {what}, "
            f"{args.threads} threads")


def stage_extract(args, load_before):
    import torch
    w, h = input_size(args.input)
    try:
        batches = [int(b) for b in args.batches.split(",") if b.strip()]
    except ValueError:
        raise UsageError(f"--batches {args.batches!r} is not a comma-separated list of whole numbers")
    model = torch_model(args).eval()
    out = []
    for batch in batches:
        x = normalised_images(batch, w, h, batch)
        with torch.no_grad():
            seconds = median_seconds(lambda: model(x), args.warmup, args.runs)
        out.append(measurement("extract", "pytorch", torch_label(args, "fp32 eval, no_grad"),
                               f"batch {batch}", batch, "image", seconds, args, load_before,
                               {"input": f"{w}x{h}", "width": args.width}))
    return out


def stage_train(args, load_before):
    import torch
    from vpr4j_torch.vgg import FIRST_DG_TRAINABLE_INDEX

    w, h = input_size(args.input)
    first = {"conv1": 0, "conv2": 5, "conv3": FIRST_DG_TRAINABLE_INDEX, "conv4": 17, "conv5": 24}[args.trainable]
    model = torch_model(args).train()
    for name, p in model.named_parameters():
        top, rest = name.split(".", 1)
        if top == "encoder" and int(rest.split(".", 1)[0]) < first:
            p.requires_grad_(False)
    trainable = [p for p in model.parameters() if p.requires_grad]
    # The paper's optimiser and loss (docs/training.md): SGD lr 1e-3, momentum 0.9, weight decay 1e-3; triplet margin 0.1.
    optimizer = torch.optim.SGD(trainable, lr=1e-3, momentum=0.9, weight_decay=1e-3)
    criterion = torch.nn.TripletMarginLoss(margin=0.1, p=2, reduction="sum")
    images = 2 + args.negatives
    x = normalised_images(images, w, h, 7)

    def step():
        optimizer.zero_grad()
        d = model(x)
        q, p, n = d[0:1], d[1:2], d[2:]
        loss = criterion(q.expand_as(n), p.expand_as(n), n) / args.negatives
        loss.backward()
        optimizer.step()

    seconds = median_seconds(step, args.warmup, args.runs)
    return [measurement("train", "pytorch", torch_label(args, "train mode, triplet loss + SGD"),
                        f"{images} images, {args.trainable} on", images, "image", seconds, args, load_before,
                        {"input": f"{w}x{h}", "width": args.width, "trainableFrom": args.trainable})]


# ---------------------------------------------------------------- faiss


def unit_rows(n, d, seed):
    import numpy as np
    x = np.random.default_rng(seed).uniform(-1, 1, size=(n, d)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def faiss_label(args, what):
    import faiss
    return f"faiss {faiss.__version__} (Debian, OpenBLAS) {what}, {args.threads} threads"


def stage_search(args, load_before):
    import faiss
    faiss.omp_set_num_threads(args.threads)
    db = unit_rows(args.db, args.dim, 1)
    q = unit_rows(args.queries, args.dim, 2)

    def search():
        index = faiss.IndexFlatL2(args.dim)
        index.add(db)
        index.search(q, args.k)

    seconds = median_seconds(search, args.warmup, args.runs)
    return [measurement("search", "faiss", faiss_label(args, "IndexFlatL2"),
                        f"{args.db} x {args.dim}, {args.queries} queries, k={args.k}", args.queries, "query",
                        seconds, args, load_before)]


def stage_kmeans(args, load_before):
    import faiss
    faiss.omp_set_num_threads(args.threads)
    x = unit_rows(args.points, args.point_dim, 3)
    objective = []

    def fit():
        km = faiss.Kmeans(args.point_dim, args.clusters, niter=args.iterations, verbose=False, seed=1234)
        km.train(x)
        objective.append(float(km.obj[-1]))

    seconds = median_seconds(fit, args.warmup, args.runs)
    used = min(args.points, 256 * args.clusters)
    return [measurement("kmeans", "faiss", faiss_label(args, "Kmeans (defaults)"),
                        f"{args.points} x {args.point_dim} -> {args.clusters}, {args.iterations} iterations",
                        args.iterations, "iteration", seconds, args, load_before,
                        {"pointsUsed": used, "objective": objective[-1]})]


STAGES = {"extract": stage_extract, "train": stage_train, "search": stage_search, "kmeans": stage_kmeans}


def write_json(path, data):
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        raise UsageError(f"--json {path}: folder {parent} does not exist")
    fd, tmp = tempfile.mkstemp(dir=parent, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as f:
            json.dump(data, f, indent=2)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv=None):
    args = parse_args(argv)
    try:
        if args.runs < 1 or args.warmup < 0 or args.threads < 1:
            raise UsageError("--runs and --threads must be at least 1, --warmup at least 0")
        load_before = round(os.getloadavg()[0], 2)
        results = STAGES[args.stage](args, load_before)
        for r in results:
            r["extra"]["python"] = platform.python_version()
        print(json.dumps(results, indent=2))
        if args.json:
            write_json(args.json, results)
    except UsageError as e:
        print(f"bench_reference.py: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
