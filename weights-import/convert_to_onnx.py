#!/usr/bin/python3
"""Convert a published PyTorch checkpoint (paper, NANNE, DeepLab segmenter, torchvision VGG16) to ONNX.

The ONNX initializers carry the checkpoint's own key names (without 'module.', with 'crn' for 'crm'), so
vpr4j's Java importer can load weights by name. Writes MODEL.onnx, MODEL.onnx.json (metadata) and
MODEL.onnx.reference.h5 (PyTorch's outputs for a few synthetic images, for the Java importer's parity check).
Exit codes: 0 done, 2 bad input (message names the file/option), 1 internal export check failed.
"""

import argparse
import sys

from vpr4j_torch.checkpoint import ALL_VARIANTS
from vpr4j_torch.convert import convert
from vpr4j_torch.errors import UserError
from vpr4j_torch.mask_head import DEATTENTION_VERSIONS, PADDING_MODES
from vpr4j_torch.onnx_export import ExportCheckError


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True, help="model_best.pth.tar, best_deeplabv3plus_*.pth or vgg16-*.pth")
    p.add_argument("--out", required=True, help="output MODEL.onnx (the sidecar is MODEL.onnx.json)")
    p.add_argument("--variant", default="auto", help=f"auto (default: from the key names) or one of {', '.join(ALL_VARIANTS)}")
    p.add_argument("--width", type=float, default=None, help="channel width fraction; default: read from the shapes")
    p.add_argument("--clusters", type=int, default=None, help="NetVLAD clusters; default: read from pool.centroids")
    p.add_argument("--height", type=int, default=480, help="example image height used for tracing (default 480)")
    p.add_argument("--width-px", type=int, default=640, help="example image width used for tracing (default 640)")
    p.add_argument("--deatt-version", type=int, default=1, help=f"de-attention version {DEATTENTION_VERSIONS} "
                   "(not stored in checkpoints; the paper uses 1)")
    p.add_argument("--deatt-padding", default="reflect", help=f"de-attention padding {PADDING_MODES} "
                   "(not stored in checkpoints; the paper uses reflect)")
    p.add_argument("--reference-images", type=int, default=None,
                   help="write MODEL.onnx.reference.h5 with PyTorch's outputs for this many synthetic images of the "
                        "trace size, for the Java importer's parity check (default 2, segmenter 1; 0 = none)")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        meta = convert(args.checkpoint, args.out, args.variant, args.width, args.clusters, args.height,
                       args.width_px, args.deatt_version, args.deatt_padding, args.reference_images)
    except UserError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except ExportCheckError as e:
        print(f"internal error: {e}", file=sys.stderr)
        return 1
    print(f"wrote {args.out} ({meta['variant']}, width {meta['width']}, {meta['initializer_count']} initializers, "
          f"outputs {', '.join(meta['outputs'])}) and {args.out}.json"
          + (f" and {args.out}.reference.h5" if "reference" in meta else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
