"""Reference outputs next to the ONNX file: PyTorch's results for the stored images, readable by h5py."""

import os
import unittest

import h5py
import numpy as np
import torch

from helpers import SEGMENTER_SIZE, TINY, TINY_SIZE, TempDirTestCase

from vpr4j_torch.atomic import save_torch_atomically
from vpr4j_torch.checkpoint_formats import segmenter_checkpoint, vpr_checkpoint
from vpr4j_torch.convert import convert
from vpr4j_torch.reference import FORMAT, imagenet_input, synthetic_images

H, W = TINY_SIZE


class ReferenceFileTest(TempDirTestCase, unittest.TestCase):
    def test_outputs_are_the_modules_on_the_stored_images(self):
        checkpoint, model = vpr_checkpoint("deatt_senet", TINY, seed=21)
        save_torch_atomically(checkpoint, self.path("c.pth.tar"))
        meta = convert(self.path("c.pth.tar"), self.path("m.onnx"), height=H, width_px=W)
        self.assertEqual(meta["reference"], {"file": "m.onnx.reference.h5", "images": 2, "height": H, "width": W})
        with h5py.File(self.path("m.onnx.reference.h5"), "r") as f:
            self.assertEqual(f.attrs["format"], FORMAT)
            self.assertEqual(f.attrs["variant"], "deatt_senet")
            images = f["images"][()]
            descriptor, mask = f["outputs/descriptor"][()], f["outputs/mask"][()]
        self.assertEqual((images.dtype, images.shape), (np.uint8, (2, H, W, 3)))
        self.assertGreater(images.std(), 20)  # real content, not a flat image
        model.eval()
        with torch.no_grad():
            expected_descriptor, expected_mask = model(imagenet_input(torch.from_numpy(images)))
        np.testing.assert_array_equal(descriptor, expected_descriptor.numpy())
        np.testing.assert_array_equal(mask, expected_mask.numpy())
        self.assertEqual(mask.shape, (2, 1, H // 16, W // 16))
        self.assertGreater(float(mask.max() - mask.min()), 1e-3)  # an informative mask, not a constant

    def test_normalisation_matches_torchvision_float32_steps(self):
        images = synthetic_images(1, 4, 5, seed=3)
        x = imagenet_input(images)
        unit = np.float32(images[0, 2, 3, 1].item()) / np.float32(255)
        by_hand = (unit - np.float32(0.456)) / np.float32(0.224)
        self.assertEqual(x.dtype, torch.float32)
        self.assertEqual(np.float32(x[0, 1, 2, 3].item()), by_hand)
        torch.testing.assert_close(synthetic_images(1, 4, 5, seed=3), images, rtol=0, atol=0)

    def test_segmenter_default_is_one_image_and_zero_disables(self):
        save_torch_atomically(segmenter_checkpoint(2)[0], self.path("seg.pth"))
        meta = convert(self.path("seg.pth"), self.path("seg.onnx"), height=SEGMENTER_SIZE[0], width_px=SEGMENTER_SIZE[1])
        self.assertEqual(meta["reference"]["images"], 1)
        with h5py.File(self.path("seg.onnx.reference.h5"), "r") as f:
            self.assertEqual(f["outputs/logits"].shape, (1, 19) + SEGMENTER_SIZE)
        checkpoint, _ = vpr_checkpoint("baseline", TINY, seed=22)
        save_torch_atomically(checkpoint, self.path("b.pth.tar"))
        meta = convert(self.path("b.pth.tar"), self.path("b.onnx"), height=64, width_px=64, reference_images=0)
        self.assertNotIn("reference", meta)
        self.assertFalse(os.path.exists(self.path("b.onnx.reference.h5")))


if __name__ == "__main__":
    unittest.main()
