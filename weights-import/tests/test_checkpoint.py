"""Random checkpoints have the published layouts; loading, key normalisation and variant detection."""

import os
import pickle
import unittest

import numpy as np
import torch

from helpers import TINY, TempDirTestCase

from vpr4j_torch import checkpoint as ckpt
from vpr4j_torch.atomic import save_torch_atomically
from vpr4j_torch.checkpoint_formats import (segmenter_checkpoint, vgg16_imagenet_state_dict, vpr_checkpoint,
                                            vpr_state_dict_keys)
from vpr4j_torch.dims import Dims
from vpr4j_torch.errors import UserError
from vpr4j_torch.vprnet import VPR_VARIANTS, VprNet

DG_KEYS = {"epoch", "state_dict", "recalls", "best_score", "optimizer", "parallel", "deatt_category_list"}


class RandomCheckpointFormatTest(unittest.TestCase):
    def test_dg_dict(self):
        checkpoint, model = vpr_checkpoint("deatt_senet", TINY, seed=1)
        self.assertEqual(set(checkpoint), DG_KEYS)
        self.assertEqual(list(checkpoint["recalls"]), [1, 2, 3, 4, 5, 10, 15, 20, 25])
        self.assertTrue(all(isinstance(v, np.float64) for v in checkpoint["recalls"].values()))
        self.assertEqual(checkpoint["best_score"], checkpoint["recalls"][1])
        self.assertEqual(checkpoint["deatt_category_list"], ["human", "vehicle", "sky"])
        self.assertIs(checkpoint["parallel"], False)
        self.assertEqual(list(checkpoint["state_dict"]), list(model.state_dict()))

    def test_dg_optimizer_is_a_real_sgd_state(self):
        checkpoint, model = vpr_checkpoint("deatt", TINY, seed=1)
        optimizer = checkpoint["optimizer"]
        group = optimizer["param_groups"][0]
        self.assertEqual((group["lr"], group["momentum"], group["weight_decay"]), (1e-3, 0.9, 1e-3))
        names = [n for n, _ in model.named_parameters() if not n.startswith(tuple(f"encoder.{i}." for i in range(10)))]
        self.assertEqual(len(group["params"]), len(names))   # conv1_x/conv2_x frozen in DG
        # Momentum buffers exist exactly for the trainable parameters used in forward.
        with_buffer = {names[i] for i in optimizer["state"]}
        self.assertEqual(with_buffer, {n for n in names if "crn_downsample" not in n and "crn_upsample" not in n})
        torch.optim.SGD(model.parameters(), lr=0.1).state_dict()  # sanity: the format is torch's own

    def test_nanne_dict(self):
        checkpoint, _ = vpr_checkpoint("baseline", TINY, seed=2, nanne=True)
        self.assertEqual(set(checkpoint), DG_KEYS - {"deatt_category_list"})
        self.assertEqual(list(checkpoint["recalls"]), [1, 5, 10, 20])
        self.assertEqual(checkpoint["best_score"], checkpoint["recalls"][5])
        group = checkpoint["optimizer"]["param_groups"][0]
        self.assertEqual(group["lr"], 1e-4)
        self.assertEqual(len(group["params"]), 3 * 2 + 2)    # conv5_1..conv5_3 weight+bias, centroids, conv

    def test_parallel_and_old_names(self):
        checkpoint, _ = vpr_checkpoint("crn", TINY, seed=3, parallel=True, old_crm_names=True)
        keys = list(checkpoint["state_dict"])
        self.assertIn("encoder.module.0.weight", keys)
        self.assertIn("pool.module.centroids", keys)
        self.assertIn("crm_attention.crm_conv1.0.weight", keys)
        self.assertFalse(any("crn" in k for k in keys))
        self.assertFalse(any(k.startswith("crm_attention.module") for k in keys))
        self.assertIs(checkpoint["parallel"], True)

    def test_random_tensors_are_all_distinct(self):
        # Identical tensors would be merged by the ONNX exporter; trained weights never are.
        state = vpr_checkpoint("deatt_senet", TINY, seed=4)[0]["state_dict"]
        seen = {}
        for key, value in state.items():
            if value.is_floating_point():
                fingerprint = (tuple(value.shape), tuple(value.flatten()[:4].tolist()))
                self.assertNotIn(fingerprint, seen, f"{key} equals {seen.get(fingerprint)}")
                seen[fingerprint] = key
        bn_var = state["deattention.crn_conv1.2.running_var"]
        self.assertTrue(bool((bn_var > 0).all()) and not bool((bn_var == 1).all()))

    def test_calibrated_statistics_keep_the_mask_informative(self):
        checkpoint, model = vpr_checkpoint("deatt", TINY, seed=4)
        model.eval()
        _, mask = model(torch.randn(1, 3, 128, 160))
        self.assertGreater(float(mask.std()), 0.01)          # not a constant (e.g. all-dead ReLU) mask
        unused = checkpoint["state_dict"]["deattention.crn_upsample.2.running_var"]
        self.assertTrue(bool((unused >= 0.5).all()))          # never-run BNs keep their random statistics
        self.assertGreater(int(checkpoint["state_dict"]["deattention.crn_conv1.2.num_batches_tracked"]), 1)

    def test_netvlad_conv_is_alpha_times_normalised_centroids(self):
        state = vpr_checkpoint("baseline", TINY, seed=5)[0]["state_dict"]
        weight = state["pool.conv.weight"].flatten(1)
        ratio = weight / torch.nn.functional.normalize(state["pool.centroids"], dim=1)
        torch.testing.assert_close(ratio, torch.full_like(ratio, float(ratio[0, 0])))
        self.assertTrue(10 < float(ratio[0, 0]) < 100)

    def test_segmenter_dict(self):
        checkpoint, model = segmenter_checkpoint(seed=6)
        self.assertEqual(set(checkpoint), {"model_state", "optimizer_state", "scheduler_state", "cur_itrs", "best_score"})
        self.assertEqual(list(checkpoint["model_state"]), list(model.state_dict()))
        self.assertEqual([g["lr"] for g in checkpoint["optimizer_state"]["param_groups"]], [0.001, 0.01])

    def test_vgg16_imagenet_is_a_plain_state_dict(self):
        state, _ = vgg16_imagenet_state_dict(Dims(0.125), seed=7)
        self.assertEqual(list(state)[-6:], ["classifier.0.weight", "classifier.0.bias", "classifier.3.weight",
                                             "classifier.3.bias", "classifier.6.weight", "classifier.6.bias"])
        self.assertEqual(tuple(state["classifier.0.weight"].shape), (512, 64 * 7 * 7))
        self.assertEqual(tuple(state["classifier.6.weight"].shape), (1000, 512))


class LoadingTest(TempDirTestCase, unittest.TestCase):
    def test_round_trip_in_both_serialisations(self):
        checkpoint, _ = vpr_checkpoint("senet", TINY, seed=8)
        for legacy in (False, True):
            path = self.path(f"m{legacy}.pth.tar")
            save_torch_atomically(checkpoint, path, legacy=legacy)
            loaded = ckpt.load_checkpoint(path)
            self.assertEqual(set(loaded), DG_KEYS)
            self.assertIsInstance(loaded["recalls"][1], np.float64)
            torch.testing.assert_close(loaded["state_dict"]["pool.centroids"], checkpoint["state_dict"]["pool.centroids"])

    def test_damaged_files_are_user_errors_naming_the_file(self):
        good = self.path("good.pth.tar")
        save_torch_atomically(vpr_checkpoint("baseline", TINY, seed=9)[0], good)
        with open(good, "rb") as f:
            data = f.read()
        cases = {"truncated.pth": data[: len(data) // 2], "garbage.pth": os.urandom(2000), "empty.pth": b""}
        for name, content in cases.items():
            with self.subTest(name=name):
                with open(self.path(name), "wb") as f:
                    f.write(content)
                with self.assertRaises(UserError) as caught:
                    ckpt.load_checkpoint(self.path(name))
                self.assertIn(name, str(caught.exception))
        with self.assertRaisesRegex(UserError, "not found"):
            ckpt.load_checkpoint(self.path("missing.pth"))

    def test_arbitrary_pickled_objects_are_refused(self):
        marker = self.path("marker")

        class Exploit:  # unpickling it would call open(marker, "w")
            def __reduce__(self):
                return (open, (marker, "w"))
        for legacy in (False, True):
            path = self.path(f"evil{legacy}.pth")
            torch.save({"state_dict": {"x": torch.zeros(1)}, "evil": Exploit()}, path, pickle_module=pickle,
                       _use_new_zipfile_serialization=not legacy)
            with self.assertRaisesRegex(UserError, "refusing to load pickled global io.open"):
                ckpt.load_checkpoint(path)
            self.assertFalse(os.path.exists(marker))


class DetectionTest(unittest.TestCase):
    def _state(self, variant, **kwargs):
        checkpoint, _ = vpr_checkpoint(variant, TINY, seed=10, **kwargs)
        return ckpt.normalise_keys(ckpt.extract_state_dict(checkpoint, "x"), "x")

    def test_every_variant_is_recognised_with_its_sizes(self):
        for variant in VPR_VARIANTS:
            with self.subTest(variant=variant):
                detected = ckpt.detect_variant(self._state(variant), "x")
                self.assertEqual((detected.variant, detected.width, detected.clusters), (variant, 0.125, 8))
        self.assertEqual(ckpt.detect_variant(segmenter_checkpoint(0)[0]["model_state"], "x").variant, "segmenter")
        vgg = ckpt.detect_variant(vgg16_imagenet_state_dict(Dims(0.25), 0)[0], "x")
        self.assertEqual((vgg.variant, vgg.width, vgg.clusters), ("vgg16_imagenet", 0.25, None))

    def test_module_prefix_and_crm_are_normalised(self):
        state = self._state("crn", parallel=True, old_crm_names=True)
        self.assertEqual(list(state), list(VprNet("crn", TINY).state_dict()))
        self.assertEqual(ckpt.detect_variant(state, "x").variant, "crn")

    def test_unsupported_content_is_explained(self):
        state = self._state("senet")
        eca = dict(state, **{"ch_eca_attention.conv.weight": torch.zeros(1, 1, 3)})
        with self.assertRaisesRegex(UserError, "unsupported module.*ch_eca_attention"):
            ckpt.detect_variant(eca, "f.pth")
        v2 = dict(state, **{"pool.conv.bias": torch.zeros(8)})
        with self.assertRaisesRegex(UserError, "NetVLAD v2"):
            ckpt.detect_variant(v2, "f.pth")
        combo = dict(state, **{k.replace("senet", "cbam"): v for k, v in self._state("cbam").items()
                               if k.startswith("cbam")})
        with self.assertRaisesRegex(UserError, "not a vpr4j variant"):
            ckpt.detect_variant(combo, "f.pth")
        with self.assertRaisesRegex(UserError, "unrecognised key names"):
            ckpt.detect_variant({"foo.weight": torch.zeros(1)}, "f.pth")

    def test_requested_options_must_agree(self):
        detected = ckpt.detect_variant(self._state("bam"), "x")
        self.assertEqual(ckpt.resolve_variant(detected, "bam", 0.125, 8, "x"), detected)
        for args, message in (((("cbam", None, None)), "--variant cbam"), ((("nope", None, None)), "unknown"),
                              ((("auto", 0.5, None)), "--width 0.5"), ((("auto", None, 64)), "--clusters 64")):
            with self.assertRaisesRegex(UserError, message):
                ckpt.resolve_variant(detected, *args, "x")

    def test_model_mismatches_are_listed(self):
        model_state = VprNet("senet", TINY).state_dict()
        state = dict(self._state("senet"))
        state["senet_attention.fc.0.weight"] = torch.zeros(5, 64)
        with self.assertRaisesRegex(UserError, r"shape mismatch.*senet_attention.fc.0.weight \[5, 64\]"):
            ckpt.check_matches_model(state, model_state, "f.pth")
        state = dict(self._state("senet"))
        del state["encoder.28.bias"]
        with self.assertRaisesRegex(UserError, "missing key.*encoder.28.bias"):
            ckpt.check_matches_model(state, model_state, "f.pth")
        state = dict(self._state("senet"))
        state["encoder.5.weight"][0, 0, 0, 0] = float("nan")
        with self.assertRaisesRegex(UserError, "f.pth: NaN or Inf values in 1 tensor.*encoder.5.weight"):
            ckpt.check_matches_model(state, model_state, "f.pth")

    def test_parallel_naming_never_touches_attention_keys(self):
        renamed = vpr_state_dict_keys({"encoder.0.weight": 0, "senet_attention.fc.0.weight": 1, "pool.centroids": 2},
                                      parallel=True, old_crm_names=False)
        self.assertEqual(list(renamed), ["encoder.module.0.weight", "senet_attention.fc.0.weight",
                                         "pool.module.centroids"])


if __name__ == "__main__":
    unittest.main()
