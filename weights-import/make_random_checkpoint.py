#!/usr/bin/python3
"""Write a random-weight checkpoint in exactly the format of a published one (for tests and demos).

VPR variants give the paper's dict (epoch, state_dict, recalls, best_score, optimizer, parallel,
deatt_category_list), or NANNE's with --nanne; 'segmenter' gives VainF's DeepLab dict ('model_state', ...);
'vgg16_imagenet' gives torchvision's plain VGG16 state_dict.
"""

import argparse
import sys

from vpr4j_torch.atomic import check_output_dir, save_torch_atomically
from vpr4j_torch.checkpoint import ALL_VARIANTS, SEGMENTER, VGG16_IMAGENET
from vpr4j_torch.checkpoint_formats import segmenter_checkpoint, vgg16_imagenet_state_dict, vpr_checkpoint
from vpr4j_torch.dims import DEFAULT_CLUSTERS, Dims
from vpr4j_torch.errors import UserError


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--variant", required=True, help=f"one of {', '.join(ALL_VARIANTS)}")
    p.add_argument("--out", required=True, help="output file, e.g. model_best.pth.tar")
    p.add_argument("--parallel", action="store_true", help="DataParallel key names: encoder.module.*, pool.module.*")
    p.add_argument("--old-crm-names", action="store_true", help="spell 'crn' as 'crm' in the key names (old DG files)")
    p.add_argument("--nanne", action="store_true", help="NANNE's dict (no deatt_category_list; best_score = R@5)")
    p.add_argument("--width", type=float, default=1.0, help="channel width fraction (default 1.0 = paper size)")
    p.add_argument("--clusters", type=int, default=DEFAULT_CLUSTERS, help="NetVLAD clusters (default 64)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--legacy-serialization", action="store_true", help="pre-1.6 torch.save format instead of zip")
    return p.parse_args(argv)


def build(args):
    if args.variant not in ALL_VARIANTS:
        raise UserError(f"--variant {args.variant}: unknown; choose one of {', '.join(ALL_VARIANTS)}")
    vpr_only = [flag for flag, on in (("--parallel", args.parallel), ("--old-crm-names", args.old_crm_names),
                                      ("--nanne", args.nanne)) if on]
    if args.variant == SEGMENTER:
        if vpr_only or args.width != 1.0:
            raise UserError(f"--variant segmenter: {' '.join(vpr_only) or '--width'} does not apply (full size only)")
        return segmenter_checkpoint(args.seed)[0]
    dims = Dims(args.width, args.clusters)
    if args.variant == VGG16_IMAGENET:
        if vpr_only:
            raise UserError(f"--variant vgg16_imagenet: {' '.join(vpr_only)} does not apply")
        return vgg16_imagenet_state_dict(dims, args.seed)[0]
    if args.nanne and args.variant != "baseline":
        raise UserError(f"--nanne: NANNE only trained the baseline, not '{args.variant}'")
    return vpr_checkpoint(args.variant, dims, args.seed, args.parallel, args.old_crm_names, args.nanne)[0]


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        check_output_dir(args.out, "--out")
        checkpoint = build(args)
        save_torch_atomically(checkpoint, args.out, legacy=args.legacy_serialization)
    except UserError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"wrote {args.out} ({args.variant})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
