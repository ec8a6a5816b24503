"""The modules' state_dict keys, shapes, dtypes and order equal the paper's checkpoints (checkpoint-keys.txt)."""

import unittest

from helpers import TINY, dtype_name, reference_keys

from vpr4j_torch.deeplab import DeepLabV3PlusMobileNet
from vpr4j_torch.dims import Dims
from vpr4j_torch.vgg import Vgg16Conv5
from vpr4j_torch.vprnet import VPR_VARIANTS, VprNet

EXPECTED_COUNTS = {"baseline": 28, "crn": 70, "bam": 60, "cbam": 38, "senet": 30, "deatt": 70, "deatt_senet": 72,
                   "segmenter": 356}


class ReferenceKeyListTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.reference = reference_keys()

    def test_file_has_every_variant(self):
        self.assertEqual(set(self.reference), set(VPR_VARIANTS) | {"segmenter"})
        for name, count in EXPECTED_COUNTS.items():
            self.assertEqual(len(self.reference[name]), count, name)

    def test_vpr_variants_at_full_width_match_in_order(self):
        for variant in VPR_VARIANTS:
            with self.subTest(variant=variant):
                state = VprNet(variant).state_dict()
                actual = [(k, tuple(v.shape), dtype_name(v)) for k, v in state.items()]
                self.assertEqual(actual, self.reference[variant])

    def test_segmenter_matches_in_order(self):
        state = DeepLabV3PlusMobileNet().state_dict()
        actual = [(k, tuple(v.shape)) for k, v in state.items()]
        self.assertEqual(actual, [(k, shape) for k, shape, _ in self.reference["segmenter"]])

    def test_parameter_counts_match_spec(self):
        # docs/checkpoints.md: parameters (not buffers) per model.
        expected = {"baseline": 14_780_224, "crn": 18_201_240, "bam": 14_848_737, "cbam": 14_813_636,
                    "senet": 14_812_992, "deatt": 18_201_240, "deatt_senet": 18_234_008}
        for variant, count in expected.items():
            self.assertEqual(sum(p.numel() for p in VprNet(variant).parameters()), count, variant)
        self.assertEqual(sum(p.numel() for p in DeepLabV3PlusMobileNet().parameters()), 5_225_203)

    def test_narrow_models_keep_the_key_names(self):
        for variant in VPR_VARIANTS:
            with self.subTest(variant=variant):
                self.assertEqual(list(VprNet(variant, TINY).state_dict()), [k for k, _, _ in self.reference[variant]])

    def test_imagenet_vgg_uses_torchvision_feature_names(self):
        names = list(Vgg16Conv5(Dims(0.25)).state_dict())
        encoder = [k for k, _, _ in self.reference["baseline"] if k.startswith("encoder.")]
        self.assertEqual(names, [k.replace("encoder.", "features.") for k in encoder])


if __name__ == "__main__":
    unittest.main()
