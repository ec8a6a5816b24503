"""Checkpoint -> ONNX conversion: load, recognise, validate, export, verify, write (model + JSON sidecar)."""

import hashlib
import json
import os
from dataclasses import dataclass
from typing import Dict, List, Optional

import torch

from . import checkpoint as ckpt
from .atomic import check_output_dir, write_files_atomically
from .deeplab import CITYSCAPES_CLASSES, DeepLabV3PlusMobileNet
from .errors import UserError
from .mask_head import DEATTENTION_VERSIONS, PADDING_MODES
from .onnx_export import (OPSET, check_initializers, declare_output_shapes, export_to_proto, materialise_aliases,
                          serialise, used_parameters)
from .reference import REFERENCE_SUFFIX, reference_file_bytes, reference_outputs, synthetic_images
from .vgg import Vgg16Conv5
from .vprnet import VPR_VARIANTS, VprNet

VGG_STRIDE = 16
SIDECAR_SUFFIX = ".json"
# Reference images written by default: the segmenter's logits take 23 MB per 480 x 640 image, so it gets one.
DEFAULT_REFERENCE_IMAGES = 2
DEFAULT_SEGMENTER_REFERENCE_IMAGES = 1


@dataclass
class Network:
    """A model ready to export, with the declared shapes of its outputs and the keys it does not read.

    Output shapes use the symbolic names batch/height/width (the input's) and feature_height/feature_width.
    """

    module: torch.nn.Module
    output_shapes: Dict[str, list]
    ignored_keys: List[str]
    ignorable_prefixes: tuple = ()

    @property
    def output_names(self) -> List[str]:
        return list(self.output_shapes)

    @property
    def output_axes(self) -> Dict[str, Dict[int, str]]:
        return {name: {i: d for i, d in enumerate(shape) if isinstance(d, str)}
                for name, shape in self.output_shapes.items()}


def build_network(detected: ckpt.Detected, deatt_version: int, deatt_padding: str) -> Network:
    if detected.variant == ckpt.SEGMENTER:
        model = DeepLabV3PlusMobileNet()
        shapes = {"logits": ["batch", CITYSCAPES_CLASSES, "height", "width"]}
        return Network(model, shapes, model.ignored_keys())
    if detected.variant == ckpt.VGG16_IMAGENET:
        model = Vgg16Conv5(detected.dims)
        shapes = {"features": ["batch", detected.dims.encoder_dim, "feature_height", "feature_width"]}
        ignored = [k for k in model.state_dict() if k.endswith("num_batches_tracked")]
        return Network(model, shapes, ignored, ignorable_prefixes=("classifier.",))
    model = VprNet(detected.variant, detected.dims, deatt_version, deatt_padding)
    shapes = {"descriptor": ["batch", detected.dims.descriptor_dim]}
    if model.has_mask_output:
        shapes["mask"] = ["batch", 1, "feature_height", "feature_width"]
    return Network(model, shapes, model.ignored_keys())


def check_trace_size(variant: str, height: int, width: int, deatt_padding: str) -> None:
    """The example image must be valid for the network (the exported graph itself is size-dynamic)."""
    where = f"--height {height} --width-px {width}"
    if height < 32 or width < 32:
        raise UserError(f"{where}: the example image must be at least 32 x 32")
    if variant in (ckpt.SEGMENTER, ckpt.VGG16_IMAGENET):
        return
    fh, fw = height // VGG_STRIDE, width // VGG_STRIDE
    reflect = variant == "crn" or (variant.startswith("deatt") and deatt_padding == "reflect")
    if reflect and min(fh, fw) < 4:
        raise UserError(f"{where}: reflect padding of the 7x7 mask conv needs a feature map of at least 4 x 4 "
                        f"(image at least 64 x 64); got {fh} x {fw}")
    if variant == "bam" and not (fh <= fw < 2 * fh):
        raise UserError(f"{where}: BAM's square pooling needs feature height <= width < 2 * height; got {fh} x {fw}")


def _source_metadata(raw, path: str, original_keys) -> dict:
    meta = {"path": os.path.abspath(path), "size_bytes": os.path.getsize(path), "sha256": _sha256(path)}
    if "state_dict" in raw:
        meta["layout"] = "dg" if "deatt_category_list" in raw else "nanne"
    elif "model_state" in raw:
        meta["layout"] = "vainf_deeplab"
    else:
        meta["layout"] = "state_dict"
    for key in ("epoch", "parallel", "deatt_category_list", "cur_itrs"):
        if key in raw and isinstance(raw[key], (int, bool, list)):
            meta[key] = raw[key]
    if "best_score" in raw:
        meta["best_score"] = float(raw["best_score"])
    meta["stripped_module_prefix"] = any("module." in k for k in original_keys)
    meta["renamed_crm_to_crn"] = any("crm" in k for k in original_keys)
    return meta


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def convert(checkpoint_path: str, out_path: str, variant: Optional[str] = "auto", width: Optional[float] = None,
            clusters: Optional[int] = None, height: int = 480, width_px: int = 640,
            deatt_version: int = 1, deatt_padding: str = "reflect", reference_images: Optional[int] = None) -> dict:
    """Converts one checkpoint; writes ``out_path``, ``out_path + '.json'`` and, unless ``reference_images`` is 0,
    ``out_path + '.reference.h5'`` (PyTorch's outputs for that many synthetic images of the trace size;
    None = the default count). Returns the sidecar dict."""
    check_output_dir(out_path, "--out")
    if reference_images is not None and reference_images < 0:
        raise UserError(f"--reference-images {reference_images}: must be 0 or more")
    if deatt_version not in DEATTENTION_VERSIONS:
        raise UserError(f"--deatt-version {deatt_version}: must be one of {DEATTENTION_VERSIONS}")
    if deatt_padding not in PADDING_MODES:
        raise UserError(f"--deatt-padding {deatt_padding}: must be one of {PADDING_MODES}")

    raw = ckpt.load_checkpoint(checkpoint_path)
    state = ckpt.extract_state_dict(raw, checkpoint_path)
    original_keys = list(state)
    state = ckpt.normalise_keys(state, checkpoint_path)
    detected = ckpt.resolve_variant(ckpt.detect_variant(state, checkpoint_path), variant, width, clusters,
                                    checkpoint_path)
    check_trace_size(detected.variant, height, width_px, deatt_padding)

    network = build_network(detected, deatt_version, deatt_padding)
    extra_keys = ckpt.check_matches_model(state, network.module.state_dict(), checkpoint_path,
                                          network.ignorable_prefixes)
    network.module.load_state_dict({k: v for k, v in state.items() if k not in extra_keys}, strict=True)

    example = torch.randn(1, 3, height, width_px, generator=torch.Generator().manual_seed(0))
    axes = {"image": {0: "batch", 2: "height", 3: "width"}, **network.output_axes}
    proto = export_to_proto(network.module, example, network.output_names, axes)
    materialise_aliases(proto)
    declare_output_shapes(proto, network.output_shapes)
    check_initializers(proto, used_parameters(network.module, network.ignored_keys))

    sidecar = _sidecar(detected, network, raw, checkpoint_path, original_keys, extra_keys,
                       height, width_px, deatt_version, deatt_padding, len(proto.graph.initializer))
    files = {out_path: serialise(proto)}
    count = _reference_count(detected.variant, reference_images)
    if count > 0:
        images = synthetic_images(count, height, width_px)
        outputs = reference_outputs(network.module, images, network.output_names)
        files[out_path + REFERENCE_SUFFIX] = reference_file_bytes(detected.variant, images, outputs)
        sidecar["reference"] = {"file": os.path.basename(out_path) + REFERENCE_SUFFIX, "images": count,
                                "height": height, "width": width_px}
    files[out_path + SIDECAR_SUFFIX] = (json.dumps(sidecar, indent=2) + "\n").encode("utf-8")
    write_files_atomically(files)
    return sidecar


def _reference_count(variant: str, requested: Optional[int]) -> int:
    if requested is not None:
        return requested
    return DEFAULT_SEGMENTER_REFERENCE_IMAGES if variant == ckpt.SEGMENTER else DEFAULT_REFERENCE_IMAGES


def _sidecar(detected, network, raw, path, original_keys, extra_keys, height, width_px,
             deatt_version, deatt_padding, n_initializers) -> dict:
    meta = {
        "variant": detected.variant,
        "width": detected.width,
        "opset": OPSET,
        "input": {"name": "image", "shape": ["batch", 3, "height", "width"], "dtype": "float32",
                  "content": "RGB, scaled to [0,1], normalised with ImageNet mean/std"},
        "outputs": network.output_names,
        "output_shapes": network.output_shapes,
        "trace_input_size": {"height": height, "width": width_px},
        "initializer_count": n_initializers,
    }
    if detected.variant in VPR_VARIANTS:
        meta["clusters"] = detected.clusters
        meta["encoder_dim"] = detected.dims.encoder_dim
        meta["descriptor_dim"] = detected.dims.descriptor_dim
        if network.module.has_mask_output:
            meta["deattention_version"] = deatt_version
            meta["deattention_padding"] = deatt_padding
    meta["source_checkpoint"] = _source_metadata(raw, path, original_keys)
    meta["ignored_keys"] = sorted(set(network.ignored_keys) | set(extra_keys))
    return meta
