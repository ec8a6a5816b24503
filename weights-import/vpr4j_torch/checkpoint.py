"""Reading checkpoints safely, normalising their key names and recognising which network they hold."""

import math
import os
import pickle
import types
from dataclasses import dataclass
from typing import Dict, Optional

import torch
from torch import serialization

from .dims import DEFAULT_CLUSTERS, VGG_STAGE_CHANNELS, Dims, check_width
from .errors import UserError
from .vprnet import ATTENTION_ORDER, VPR_VARIANTS, variant_for_modules

SEGMENTER = "segmenter"
VGG16_IMAGENET = "vgg16_imagenet"
ALL_VARIANTS = VPR_VARIANTS + (SEGMENTER, VGG16_IMAGENET)

# Globals a checkpoint may reference: tensor rebuilding, ordered dicts, and the numpy scalars DG stores in
# 'recalls'. Anything else (arbitrary classes, os.system, ...) is refused instead of being executed.
_ALLOWED_GLOBALS = {
    ("collections", "OrderedDict"),
    ("torch._utils", "_rebuild_tensor"),
    ("torch._utils", "_rebuild_tensor_v2"),
    ("torch._utils", "_rebuild_parameter"),
    ("torch._utils", "_rebuild_parameter_with_state"),
    ("torch.nn.parameter", "Parameter"),
    ("torch", "Size"),
    ("torch.serialization", "_get_layout"),
    ("numpy.core.multiarray", "scalar"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "scalar"),       # NumPy 2 spelling
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy", "dtype"),
    ("numpy", "ndarray"),
    ("_codecs", "encode"),
}


class _RestrictedUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) in _ALLOWED_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing to load pickled global {module}.{name}")


def _restricted_load(file, **kwargs):
    return _RestrictedUnpickler(file, **kwargs).load()


# Passed to torch's loaders as their pickle module (they only use .Unpickler and .load).
_SAFE_PICKLE = types.ModuleType("vpr4j_safe_pickle")
_SAFE_PICKLE.Unpickler = _RestrictedUnpickler
_SAFE_PICKLE.load = _restricted_load


def _torch_load_restricted(path: str):
    # torch.load itself cannot be used: this torch 1.13 build replaces a caller's pickle_module by the
    # unrestricted stdlib pickle whenever weights_only is False, and weights_only=True rejects the numpy
    # scalars in DG's 'recalls'. So dispatch to torch's two format readers ourselves.
    with open(path, "rb") as f:
        if serialization._is_zipfile(f):
            with serialization._open_zipfile_reader(f) as archive:
                if serialization._is_torchscript_zip(archive):
                    raise UserError(f"checkpoint {path}: is a TorchScript archive, not a checkpoint dict")
                return serialization._load(archive, "cpu", _SAFE_PICKLE, encoding="utf-8")
        return serialization._legacy_load(f, "cpu", _SAFE_PICKLE, encoding="utf-8")


def load_checkpoint(path: str):
    """Loads a checkpoint on CPU with a restricted unpickler; every failure becomes a UserError naming the file."""
    if not os.path.isfile(path):
        raise UserError(f"checkpoint {path}: file not found")
    if os.path.getsize(path) == 0:
        raise UserError(f"checkpoint {path}: file is empty")
    try:
        return _torch_load_restricted(path)
    except UserError:
        raise
    except pickle.UnpicklingError as e:
        if "refusing to load" in str(e):
            raise UserError(f"checkpoint {path}: {e} (only tensors, numbers, strings, lists and dicts are accepted)")
        raise UserError(f"checkpoint {path}: not a readable PyTorch checkpoint (corrupt or truncated?): {e}")
    except Exception as e:  # zip reader, EOF, unpickling and storage errors all mean a damaged file
        raise UserError(f"checkpoint {path}: not a readable PyTorch checkpoint (corrupt or truncated?): "
                        f"{type(e).__name__}: {e}")


def extract_state_dict(obj, path: str) -> Dict[str, torch.Tensor]:
    """The weights inside a loaded checkpoint: DG/NANNE 'state_dict', VainF 'model_state', or a plain state_dict."""
    if not isinstance(obj, dict):
        raise UserError(f"checkpoint {path}: expected a dict, found {type(obj).__name__}")
    if "state_dict" in obj:
        state, where = obj["state_dict"], "['state_dict']"
    elif "model_state" in obj:
        state, where = obj["model_state"], "['model_state']"
    else:
        state, where = obj, ""
    if not isinstance(state, dict) or not state:
        raise UserError(f"checkpoint {path}{where}: expected a non-empty dict of tensors "
                        f"(keys found: {', '.join(map(str, list(obj)[:8]))})")
    for key, value in state.items():
        if not isinstance(key, str) or not torch.is_tensor(value):
            raise UserError(f"checkpoint {path}{where}: entry {key!r} is a {type(value).__name__}, not a tensor")
    return dict(state)


def normalise_keys(state: Dict[str, torch.Tensor], path: str) -> Dict[str, torch.Tensor]:
    """Drops every 'module.' (DataParallel) and renames the old spelling 'crm' to 'crn', as DG does on resume."""
    out = {}
    for key, value in state.items():
        new_key = key.replace("module.", "").replace("crm", "crn")
        if new_key in out:
            raise UserError(f"checkpoint {path}: keys collide after removing 'module.' / renaming 'crm': {new_key}")
        out[new_key] = value
    return out


@dataclass(frozen=True)
class Detected:
    """What a state_dict holds: variant name plus the sizes read from its tensor shapes."""

    variant: str
    width: float = 1.0
    clusters: Optional[int] = None  # NetVLAD clusters; None for networks without NetVLAD

    @property
    def dims(self) -> Dims:
        return Dims(self.width, self.clusters or DEFAULT_CLUSTERS)


def _width_from_first_conv(state, key: str, path: str) -> float:
    channels = state[key].shape[0]
    width = channels / VGG_STAGE_CHANNELS[0]
    try:
        return check_width(width, option=f"{key} with {channels} output channels implies width")
    except UserError as e:
        raise UserError(f"checkpoint {path}: {e}")


def detect_variant(state: Dict[str, torch.Tensor], path: str) -> Detected:
    """Recognises the network from its (normalised) key names; width and clusters from the shapes."""
    keys = set(state)
    if any(k.startswith("backbone.low_level_features.") for k in keys):
        return Detected(SEGMENTER)
    if "features.0.weight" in keys:
        return Detected(VGG16_IMAGENET, _width_from_first_conv(state, "features.0.weight", path))
    if "encoder.0.weight" not in keys or "pool.centroids" not in keys:
        sample = ", ".join(sorted(keys)[:6])
        raise UserError(f"checkpoint {path}: unrecognised key names (no encoder.0.weight + pool.centroids, "
                        f"no backbone.*, no features.*); first keys: {sample}")
    if "pool.conv.bias" in keys:
        raise UserError(f"checkpoint {path}: has pool.conv.bias, i.e. NetVLAD v2 (--vladv2), which vpr4j does not support")
    prefixes = {k.split(".", 1)[0] for k in keys}
    unknown = prefixes - {"encoder", "pool"} - set(ATTENTION_ORDER)
    if unknown:
        raise UserError(f"checkpoint {path}: unsupported module(s) {', '.join(sorted(unknown))}; "
                        f"supported attention modules: {', '.join(ATTENTION_ORDER)}")
    attention = prefixes & set(ATTENTION_ORDER)
    variant = variant_for_modules(attention)
    if variant is None:
        raise UserError(f"checkpoint {path}: the combination {', '.join(sorted(attention))} is not a vpr4j variant "
                        f"({', '.join(VPR_VARIANTS)})")
    width = _width_from_first_conv(state, "encoder.0.weight", path)
    clusters = state["pool.centroids"].shape[0]
    return Detected(variant, width, clusters)


def check_matches_model(state: Dict[str, torch.Tensor], expected: Dict[str, torch.Tensor], path: str,
                        ignorable_prefixes=()) -> list:
    """Compares a state_dict with a model's; returns the keys the model does not use (allowed extras).

    Raises UserError listing missing keys, unexpected keys, shape mismatches and non-finite values.
    """
    missing = [k for k in expected if k not in state]
    extra = [k for k in state if k not in expected]
    unexpected = [k for k in extra if not k.startswith(tuple(ignorable_prefixes))] if ignorable_prefixes else extra
    problems = []
    if missing:
        problems.append(f"{len(missing)} missing key(s): {_sample(missing)}")
    if unexpected:
        problems.append(f"{len(unexpected)} unexpected key(s): {_sample(unexpected)}")
    mismatched = [f"{k} {list(state[k].shape)} (expected {list(v.shape)})"
                  for k, v in expected.items() if k in state and state[k].shape != v.shape]
    if mismatched:
        problems.append(f"{len(mismatched)} shape mismatch(es): {_sample(mismatched)}")
    if problems:
        raise UserError(f"checkpoint {path} does not fit the detected network: " + "; ".join(problems))
    non_finite = [k for k in expected
                  if state[k].is_floating_point() and not bool(torch.isfinite(state[k]).all())]
    if non_finite:
        raise UserError(f"checkpoint {path}: NaN or Inf values in {len(non_finite)} tensor(s): {_sample(non_finite)}")
    wrong_kind = [k for k, v in expected.items() if v.is_floating_point() != state[k].is_floating_point()]
    if wrong_kind:
        raise UserError(f"checkpoint {path}: integer/float dtype mismatch in {_sample(wrong_kind)}")
    return sorted(extra)


def _sample(items, limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f", ... ({len(items) - limit} more)" if len(items) > limit else "")


def resolve_variant(detected: Detected, requested: Optional[str], width: Optional[float],
                    clusters: Optional[int], path: str) -> Detected:
    """Checks the user's --variant/--width/--clusters (if given) against what the checkpoint holds."""
    if requested not in (None, "auto"):
        if requested not in ALL_VARIANTS:
            raise UserError(f"--variant {requested}: unknown; choose one of auto, {', '.join(ALL_VARIANTS)}")
        if requested != detected.variant:
            raise UserError(f"--variant {requested}: checkpoint {path} holds a '{detected.variant}' network")
    if width is not None and not math.isclose(width, detected.width, rel_tol=1e-6):
        raise UserError(f"--width {width}: checkpoint {path} has width {detected.width}")
    if clusters is not None and detected.clusters is None:
        raise UserError(f"--clusters {clusters}: a '{detected.variant}' network has no NetVLAD clusters")
    if clusters is not None and clusters != detected.clusters:
        raise UserError(f"--clusters {clusters}: checkpoint {path} has {detected.clusters} clusters")
    return detected
