"""Reference outputs: what PyTorch computes for a few deterministic images, stored next to the ONNX file.

The Java importer runs the ONNX graph in ONNX Runtime on the same images and compares the results with these,
which checks the export itself (for the segmenter this is the only parity check). The images are stored as
uint8 RGB in NHWC order, not as the normalised tensor, so the Java side repeats the ImageNet normalisation
itself and a difference there shows up too.

File layout (HDF5): dataset ``images`` uint8 [N, H, W, 3]; group ``outputs`` with one float32 dataset per
ONNX output, named like the output and shaped like it; root attributes ``format`` and ``variant``.
"""

import io
from typing import Dict, Sequence

import h5py
import numpy as np
import torch
import torch.nn.functional as F

REFERENCE_SUFFIX = ".reference.h5"
FORMAT = "vpr4j-onnx-reference-1"
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


def synthetic_images(count: int, height: int, width: int, seed: int = 0) -> torch.Tensor:
    """``count`` uint8 RGB images [N, H, W, 3]: smooth colour fields with pixel noise.

    Smooth regions and edges give the networks' masks and logits varied values, unlike pure noise.
    """
    generator = torch.Generator().manual_seed(seed)
    coarse = torch.rand(count, 3, max(2, height // 16), max(2, width // 16), generator=generator)
    smooth = F.interpolate(coarse, size=(height, width), mode="bilinear", align_corners=False)
    noise = torch.rand(count, 3, height, width, generator=generator) - 0.5
    pixels = (smooth * 255 + noise * 48).clamp(0, 255).round().to(torch.uint8)
    return pixels.permute(0, 2, 3, 1).contiguous()


def imagenet_input(images: torch.Tensor) -> torch.Tensor:
    """uint8 NHWC -> float32 NCHW, ``(x / 255 - mean) / std`` with the same float32 steps as torchvision."""
    x = images.permute(0, 3, 1, 2).to(torch.float32) / 255
    mean = torch.tensor(IMAGENET_MEAN, dtype=torch.float32).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD, dtype=torch.float32).view(1, 3, 1, 1)
    return (x - mean) / std


def reference_outputs(module: torch.nn.Module, images: torch.Tensor,
                      output_names: Sequence[str]) -> Dict[str, np.ndarray]:
    """Runs ``module`` (in eval mode) on the images; returns its outputs by ONNX output name."""
    module.eval()
    with torch.no_grad():
        result = module(imagenet_input(images))
    if isinstance(result, torch.Tensor):
        result = (result,)
    if len(result) != len(output_names):
        raise ValueError(f"the module returned {len(result)} outputs, the ONNX graph has {list(output_names)}")
    return {name: tensor.detach().cpu().numpy().astype(np.float32) for name, tensor in zip(output_names, result)}


def reference_file_bytes(variant: str, images: torch.Tensor, outputs: Dict[str, np.ndarray]) -> bytes:
    """The HDF5 reference file as bytes (written atomically together with the ONNX file)."""
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        f.attrs["format"] = FORMAT
        f.attrs["variant"] = variant
        f.create_dataset("images", data=images.numpy(), compression="gzip")
        group = f.create_group("outputs")
        for name, value in outputs.items():
            group.create_dataset(name, data=value, compression="gzip")
    return buffer.getvalue()
