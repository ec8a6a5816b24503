"""Random checkpoint -> ONNX: initializer names, graph contract, sidecar, and clean failures."""

import contextlib
import io
import json
import os
import subprocess
import sys
import unittest

import onnx
import torch
from onnx import numpy_helper

from helpers import ROOT, SEGMENTER_SIZE, TINY, TINY_SIZE, TempDirTestCase

import convert_to_onnx
import make_random_checkpoint
from vpr4j_torch.atomic import save_torch_atomically
from vpr4j_torch.checkpoint_formats import vpr_checkpoint
from vpr4j_torch.convert import convert
from vpr4j_torch.errors import UserError
from vpr4j_torch.vprnet import VPR_VARIANTS, VprNet

H, W = TINY_SIZE


def graph_io_shape(value_info):
    return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]


class ConvertVprTest(TempDirTestCase, unittest.TestCase):
    def _convert(self, variant, **kwargs):
        checkpoint, model = vpr_checkpoint(variant, TINY, seed=11, **kwargs)
        save_torch_atomically(checkpoint, self.path("model_best.pth.tar"))
        meta = convert(self.path("model_best.pth.tar"), self.path("m.onnx"), height=H, width_px=W)
        return onnx.load(self.path("m.onnx")), meta, model

    def test_every_variant_exports_its_checkpoint_names(self):
        for variant in VPR_VARIANTS:
            with self.subTest(variant=variant):
                proto, meta, model = self._convert(variant)
                onnx.checker.check_model(proto)
                state = model.state_dict()
                used = set(state) - set(model.ignored_keys())
                initializers = {i.name: i for i in proto.graph.initializer}
                self.assertEqual(set(initializers), used)
                for name in ("encoder.0.weight", "pool.conv.weight", "pool.centroids"):
                    torch.testing.assert_close(torch.from_numpy(numpy_helper.to_array(initializers[name]).copy()), state[name])
                self.assertEqual(meta["variant"], variant)
                self.assertEqual((meta["width"], meta["clusters"], meta["descriptor_dim"]), (0.125, 8, 512))
                self.assertTrue(set(model.ignored_keys()) <= set(meta["ignored_keys"]))

    def test_graph_contract(self):
        proto, meta, _ = self._convert("deatt_senet")
        self.assertEqual([i.name for i in proto.graph.input], ["image"])
        self.assertEqual(graph_io_shape(proto.graph.input[0]), ["batch", 3, "height", "width"])
        self.assertEqual([o.name for o in proto.graph.output], ["descriptor", "mask"])
        self.assertEqual(graph_io_shape(proto.graph.output[0]), ["batch", 512])
        self.assertEqual(graph_io_shape(proto.graph.output[1])[:2], ["batch", 1])
        self.assertEqual(proto.opset_import[0].version, 13)
        ops = [n.op_type for n in proto.graph.node]
        self.assertEqual(ops.count("BatchNormalization"), 4)   # not folded into the convs
        self.assertNotIn("Identity", ops)
        for node in proto.graph.node:
            if node.op_type in ("Conv", "Gemm", "BatchNormalization"):
                self.assertFalse(any(i.startswith("onnx::") for i in node.input), node.name)
        self.assertEqual(meta["outputs"], ["descriptor", "mask"])
        self.assertEqual((meta["deattention_version"], meta["deattention_padding"]), (1, "reflect"))
        with open(self.path("m.onnx.json")) as f:
            self.assertEqual(json.load(f), meta)

    def test_identical_tensors_are_not_merged(self):
        # A freshly initialised model has equal BN statistics everywhere; the exporter would alias them.
        model = VprNet("deatt", TINY)
        save_torch_atomically({"state_dict": model.state_dict()}, self.path("plain.pth"))
        convert(self.path("plain.pth"), self.path("m.onnx"), height=H, width_px=W)
        proto = onnx.load(self.path("m.onnx"))
        self.assertEqual({i.name for i in proto.graph.initializer}, set(model.state_dict()) - set(model.ignored_keys()))
        self.assertNotIn("Identity", [n.op_type for n in proto.graph.node])

    def test_parallel_old_names_and_legacy_serialisation(self):
        checkpoint, model = vpr_checkpoint("crn", TINY, seed=12, parallel=True, old_crm_names=True)
        save_torch_atomically(checkpoint, self.path("old.pth.tar"), legacy=True)
        meta = convert(self.path("old.pth.tar"), self.path("m.onnx"), variant="crn", width=0.125, clusters=8,
                       height=H, width_px=W)
        names = {i.name for i in onnx.load(self.path("m.onnx")).graph.initializer}
        self.assertEqual(names, set(model.state_dict()) - set(model.ignored_keys()))
        source = meta["source_checkpoint"]
        self.assertTrue(source["stripped_module_prefix"] and source["renamed_crm_to_crn"] and source["parallel"])
        self.assertEqual(source["layout"], "dg")

    def test_nanne_baseline(self):
        proto, meta, _ = self._convert("baseline", nanne=True)
        self.assertEqual(meta["source_checkpoint"]["layout"], "nanne")
        self.assertEqual([o.name for o in proto.graph.output], ["descriptor"])


class ConvertOtherNetworksTest(TempDirTestCase, unittest.TestCase):
    def _make(self, *args):
        with contextlib.redirect_stdout(io.StringIO()):
            self.assertEqual(make_random_checkpoint.main(list(args)), 0)

    def test_segmenter(self):
        self._make("--variant", "segmenter", "--out", self.path("seg.pth"), "--seed", "1")
        meta = convert(self.path("seg.pth"), self.path("seg.onnx"), height=SEGMENTER_SIZE[0], width_px=SEGMENTER_SIZE[1])
        proto = onnx.load(self.path("seg.onnx"))
        state = torch.load(self.path("seg.pth"))["model_state"]
        self.assertEqual({i.name for i in proto.graph.initializer},
                         {k for k in state if not k.endswith("num_batches_tracked")})
        self.assertEqual([o.name for o in proto.graph.output], ["logits"])
        self.assertEqual(graph_io_shape(proto.graph.output[0]), ["batch", 19, "height", "width"])
        self.assertEqual(meta["source_checkpoint"]["layout"], "vainf_deeplab")
        self.assertNotIn("clusters", meta)

    def test_imagenet_vgg16(self):
        self._make("--variant", "vgg16_imagenet", "--width", "0.125", "--out", self.path("vgg16.pth"))
        meta = convert(self.path("vgg16.pth"), self.path("vgg.onnx"), height=64, width_px=48)
        names = {i.name for i in onnx.load(self.path("vgg.onnx")).graph.initializer}
        self.assertEqual(names, {f"features.{i}.{p}" for i in (0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28)
                                 for p in ("weight", "bias")})
        self.assertEqual(meta["outputs"], ["features"])
        self.assertIn("classifier.0.weight", meta["ignored_keys"])
        self.assertEqual(meta["source_checkpoint"]["layout"], "state_dict")


class FailureTest(TempDirTestCase, unittest.TestCase):
    def _run_convert(self, *args):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = convert_to_onnx.main(list(args))
        return code, err.getvalue()

    def _checkpoint(self, variant="deatt", mutate=None):
        checkpoint, _ = vpr_checkpoint(variant, TINY, seed=13)
        if mutate:
            mutate(checkpoint["state_dict"])
        save_torch_atomically(checkpoint, self.path("c.pth.tar"))
        return self.path("c.pth.tar")

    def assert_no_output(self):
        self.assertEqual(sorted(os.listdir(self.tmp)), ["c.pth.tar"])

    def test_corrupt_file(self):
        path = self._checkpoint()
        with open(path, "r+b") as f:
            f.truncate(os.path.getsize(path) // 3)
        code, err = self._run_convert("--checkpoint", path, "--out", self.path("m.onnx"))
        self.assertEqual(code, 2)
        self.assertIn(path, err)
        self.assertIn("corrupt or truncated", err)
        self.assert_no_output()

    def test_nan_weights(self):
        path = self._checkpoint(mutate=lambda s: s["deattention.crn_conv2.0.weight"].view(-1)[7].fill_(float("inf")))
        code, err = self._run_convert("--checkpoint", path, "--out", self.path("m.onnx"), "--height", "128")
        self.assertEqual(code, 2)
        self.assertIn("deattention.crn_conv2.0.weight", err)
        self.assert_no_output()

    def test_shape_mismatch(self):
        path = self._checkpoint(mutate=lambda s: s.__setitem__("pool.centroids", torch.rand(8, 63)))
        code, err = self._run_convert("--checkpoint", path, "--out", self.path("m.onnx"))
        self.assertEqual(code, 2)
        self.assertIn("pool.centroids [8, 63] (expected [8, 64])", err)
        self.assert_no_output()

    def test_wrong_options(self):
        path = self._checkpoint()
        for args, message in ((["--variant", "bam"], "holds a 'deatt' network"),
                              (["--variant", "resnet"], "--variant resnet: unknown"),
                              (["--height", "48", "--width-px", "64"], "at least 4 x 4"),
                              (["--deatt-padding", "circular"], "--deatt-padding circular")):
            with self.subTest(args=args):
                code, err = self._run_convert("--checkpoint", path, "--out", self.path("m.onnx"), *args)
                self.assertEqual(code, 2)
                self.assertIn(message, err)
                self.assert_no_output()
        with self.assertRaisesRegex(UserError, "does not exist"):
            convert(path, self.path("no/such/dir/m.onnx"))

    def test_random_checkpoint_option_errors(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = make_random_checkpoint.main(["--variant", "deatt", "--nanne", "--out", self.path("x.pth")])
        self.assertEqual(code, 2)
        self.assertIn("--nanne", err.getvalue())
        self.assertFalse(os.path.exists(self.path("x.pth")))

    def test_command_line_end_to_end(self):
        scripts = [sys.executable, os.path.join(ROOT, "make_random_checkpoint.py"), "--variant", "senet",
                   "--width", "0.125", "--clusters", "4", "--parallel", "--out", self.path("c.pth.tar")]
        subprocess.run(scripts, check=True, capture_output=True)
        done = subprocess.run([sys.executable, os.path.join(ROOT, "convert_to_onnx.py"), "--checkpoint",
                               self.path("c.pth.tar"), "--out", self.path("m.onnx"), "--height", "64",
                               "--width-px", "64"], capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("senet", done.stdout)
        self.assertEqual(sorted(os.listdir(self.tmp)), ["c.pth.tar", "m.onnx", "m.onnx.json", "m.onnx.reference.h5"])


if __name__ == "__main__":
    unittest.main()
