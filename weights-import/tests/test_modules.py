"""Numerical behaviour of the modules against values computed by hand (numpy), on tiny inputs."""

import unittest

import numpy as np
import torch

from helpers import TINY

from vpr4j_torch.attention import Bam, Cbam, ChannelAttention, EcaAttention, SqueezeExcitation
from vpr4j_torch.deeplab import DeepLabV3PlusMobileNet, InvertedResidual
from vpr4j_torch.dims import Dims, scale
from vpr4j_torch.errors import UserError
from vpr4j_torch.mask_head import Crn, DeAttention, MaskHead
from vpr4j_torch.netvlad import NetVLAD
from vpr4j_torch.random_weights import randomize_
from vpr4j_torch.vgg import cropped_vgg16_layers
from vpr4j_torch.vprnet import VprNet


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


class NetVladTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.vlad = NetVLAD(clusters=2, dim=3)
        centroids = torch.tensor([[0.5, 0.0, 0.0], [0.0, -0.3, 0.4]])
        self.vlad.init_from_centroids(centroids, alpha=10.0)

    def test_init_is_alpha_times_normalised_centroids(self):
        w = self.vlad.conv.weight.detach().numpy().reshape(2, 3)
        np.testing.assert_allclose(w, [[10, 0, 0], [0, -6, 8]], atol=1e-6)
        np.testing.assert_allclose(self.vlad.centroids.detach().numpy(), [[0.5, 0, 0], [0, -0.3, 0.4]])
        self.assertIsNone(self.vlad.conv.bias)

    def test_single_location_gives_normalised_residuals(self):
        # With one location, intra-normalisation removes the soft-assignment weight:
        # V_k = (x_hat - c_k) / |x_hat - c_k|, then the global norm divides by sqrt(K).
        x = np.array([3.0, 0.0, 4.0])
        x_hat = x / 5.0
        c = np.array([[0.5, 0, 0], [0, -0.3, 0.4]])
        rows = [(x_hat - ck) / np.linalg.norm(x_hat - ck) for ck in c]
        expected = np.concatenate(rows) / np.sqrt(2)
        out = self.vlad(torch.tensor(x, dtype=torch.float32).view(1, 3, 1, 1))
        np.testing.assert_allclose(out.detach().numpy()[0], expected, atol=1e-6)

    def test_two_locations_weighted_by_soft_assignment(self):
        x = np.array([[1.0, 2.0, 2.0], [-1.0, 0.5, 0.0]])             # two locations, D = 3
        x_hat = x / np.linalg.norm(x, axis=1, keepdims=True)
        w = np.array([[10, 0, 0], [0, -6, 8]], dtype=float)
        c = np.array([[0.5, 0, 0], [0, -0.3, 0.4]])
        logits = x_hat @ w.T                                            # [location, cluster]
        a = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        v = np.stack([sum(a[i, k] * (x_hat[i] - c[k]) for i in range(2)) for k in range(2)])
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        expected = v.reshape(-1) / np.linalg.norm(v.reshape(-1))       # cluster-major: k * D + d
        features = torch.tensor(x.T, dtype=torch.float32).view(1, 3, 1, 2)
        np.testing.assert_allclose(self.vlad(features).detach().numpy()[0], expected, atol=1e-6)

    def test_positive_spatial_mask_cancels(self):
        # docs/model.md: the per-location L2 normalisation removes any positive [B,1,H,W] mask.
        vlad = randomize_(NetVLAD(4, 16), seed=1)
        x = torch.randn(2, 16, 3, 5)
        mask = 0.01 + torch.rand(2, 1, 3, 5)
        torch.testing.assert_close(vlad(x), vlad(x * mask), atol=1e-6, rtol=0)


class SqueezeExcitationTest(unittest.TestCase):
    def test_constant_input(self):
        se = SqueezeExcitation(channels=4, hidden=2)
        w1 = np.array([[1.0, -1.0, 0.5, 0.0], [0.2, 0.2, 0.2, 0.2]])
        w2 = np.array([[1.0, 0.0], [-1.0, 2.0], [0.0, 0.0], [3.0, -1.0]])
        with torch.no_grad():
            se.fc[0].weight.copy_(torch.tensor(w1))
            se.fc[2].weight.copy_(torch.tensor(w2))
        c = np.array([1.0, 2.0, -1.0, 0.5])
        x = torch.tensor(c, dtype=torch.float32).view(1, 4, 1, 1).expand(1, 4, 3, 2)
        y = sigmoid(w2 @ np.maximum(w1 @ c, 0))
        expected = np.broadcast_to((c * y).reshape(1, 4, 1, 1), (1, 4, 3, 2))
        np.testing.assert_allclose(se(x).detach().numpy(), expected, atol=1e-6)
        self.assertIsNone(se.fc[0].bias)
        self.assertIsNone(se.fc[2].bias)


class BamTest(unittest.TestCase):
    def setUp(self):
        self.bam = randomize_(Bam(channels=8, hidden=2), seed=2).eval()

    def test_channel_gate_only_sees_the_left_square(self):
        # A fixed input: with two hidden units behind a ReLU, some random inputs leave the gate
        # constant, and the second check below would then fail by chance.
        x = torch.randn(2, 8, 3, 5, generator=torch.Generator().manual_seed(7))
        changed = x.clone()
        changed[:, :, :, 3:] = 100.0                       # columns >= H are outside the H x H pooling window
        torch.testing.assert_close(self.bam.channel_att(changed), self.bam.channel_att(x))
        changed[:, :, 0, 2] += 1.0                         # column H-1 is inside it
        self.assertFalse(torch.allclose(self.bam.channel_att(changed), self.bam.channel_att(x)))

    def test_channel_gate_value(self):
        x = torch.randn(1, 8, 3, 4)
        pooled = x[:, :, :, :3].mean(dim=(2, 3))
        torch.testing.assert_close(self.bam.channel_att(x)[:, :, 0, 0], self.bam.channel_att.gate_c(pooled))

    def test_output_formula(self):
        x = torch.randn(1, 8, 4, 6)
        attention = torch.sigmoid(self.bam.channel_att(x) * self.bam.spatial_att(x))
        torch.testing.assert_close(self.bam(x), (1 + attention) * x)
        self.assertEqual(self.bam.spatial_att(x).shape, (1, 1, 4, 6))


class CbamTest(unittest.TestCase):
    def test_spatial_gate_compresses_max_then_mean(self):
        cbam = Cbam(channels=4, hidden=2).eval()
        gate = cbam.SpatialGate.spatial
        with torch.no_grad():
            gate.conv.weight.zero_()
            gate.conv.weight[0, 0, 3, 3] = 1.0             # centre tap of the max channel only
            gate.bn.weight.fill_(1.0), gate.bn.bias.fill_(0.0)
            gate.bn.running_mean.fill_(0.0), gate.bn.running_var.fill_(1.0 - 1e-5)
        x = torch.randn(1, 4, 2, 3)
        expected = x * torch.sigmoid(x.amax(dim=1, keepdim=True))
        torch.testing.assert_close(cbam.SpatialGate(x), expected, atol=1e-6, rtol=1e-5)
        self.assertEqual(gate.bn.momentum, 0.01)

    def test_channel_gate_shares_its_mlp(self):
        cbam = randomize_(Cbam(channels=4, hidden=2), seed=3).eval()
        x = torch.randn(1, 4, 2, 3)
        mlp = cbam.ChannelGate.mlp
        scale_ = torch.sigmoid(mlp(x.mean(dim=(2, 3), keepdim=True)) + mlp(x.amax(dim=(2, 3), keepdim=True)))
        torch.testing.assert_close(cbam.ChannelGate(x), x * scale_.view(1, 4, 1, 1))


class EcaAndChannelAttentionTest(unittest.TestCase):
    def test_eca_convolves_along_channels(self):
        eca = EcaAttention(3)
        with torch.no_grad():
            eca.conv.weight.copy_(torch.tensor([[[1.0, 0.0, -1.0]]]))
        c = np.array([1.0, 2.0, 4.0])
        x = torch.tensor(c, dtype=torch.float32).view(1, 3, 1, 1).expand(1, 3, 2, 2)
        conv = np.array([0 - c[1], c[0] - c[2], c[1] - 0])     # zero padding at both ends
        np.testing.assert_allclose(eca(x)[0, :, 0, 0].detach().numpy(), c * sigmoid(conv), atol=1e-6)

    def test_channel_attention(self):
        x = torch.randn(1, 3, 2, 2)
        torch.testing.assert_close(ChannelAttention()(x), x * torch.sigmoid(x.mean(dim=(2, 3), keepdim=True)))


class MaskHeadTest(unittest.TestCase):
    def test_deattention_v1_masks_the_raw_features(self):
        head = randomize_(DeAttention(8, (2, 2, 2), version=1, padding_mode="reflect"), seed=4).eval()
        x = 3.0 * torch.randn(1, 8, 5, 6)
        out, mask = head(x)
        self.assertEqual(mask.shape, (1, 1, 5, 6))
        self.assertTrue(bool(((mask > 0) & (mask < 1)).all()))
        torch.testing.assert_close(out, x * mask)

    def test_deattention_v2_adds_the_masked_features(self):
        head = randomize_(DeAttention(8, (2, 2, 2), version=2, padding_mode="zeros"), seed=4).eval()
        x = torch.randn(1, 8, 5, 6)
        out, mask = head(x)
        torch.testing.assert_close(out, x + x * mask)
        self.assertEqual(head.crn_conv1[0].padding_mode, "zeros")

    def test_crn_masks_the_normalised_features(self):
        crn = randomize_(Crn(8, (2, 2, 2)), seed=5).eval()
        x = 3.0 * torch.randn(1, 8, 5, 6)
        out, mask = crn(x)
        torch.testing.assert_close(out, torch.nn.functional.normalize(x, dim=1) * mask)
        for name in ("crn_downsample", "crn_conv1", "crn_conv2", "crn_conv3"):
            self.assertEqual(getattr(crn, name)[0].padding_mode, "reflect")

    def test_mask_is_sigmoid_of_bn_after_relu(self):
        head = randomize_(DeAttention(8, (2, 2, 2)), seed=6).eval()
        x = torch.nn.functional.normalize(torch.randn(1, 8, 5, 6), dim=1)
        branches = torch.cat([torch.relu(head.crn_conv1[0](x)), torch.relu(head.crn_conv2[0](x)),
                              torch.relu(head.crn_conv3[0](x))], dim=1)
        branches = torch.cat([head.crn_conv1[2](branches[:, :2]), head.crn_conv2[2](branches[:, 2:4]),
                              head.crn_conv3[2](branches[:, 4:])], dim=1)
        expected = torch.sigmoid(head.crn_conv4[2](torch.relu(head.crn_conv4[0](branches))))
        torch.testing.assert_close(MaskHead.forward(head, x), expected)  # the head alone, no multiplication


class VggAndNetworkTest(unittest.TestCase):
    def test_width_scaling(self):
        dims = Dims(0.125, 8)
        self.assertEqual(dims.vgg_stages, (8, 16, 32, 64))
        self.assertEqual((dims.encoder_dim, dims.attention_hidden, dims.mask_head), (64, 4, (4, 4, 3)))
        self.assertEqual(dims.descriptor_dim, 512)
        self.assertEqual(scale(20, 1.0), 20)
        with self.assertRaises(UserError):
            Dims(0.3)

    def test_encoder_ends_with_conv5_3_before_relu(self):
        encoder = randomize_(cropped_vgg16_layers(TINY), seed=7).eval()
        self.assertIsInstance(encoder[28], torch.nn.Conv2d)
        out = encoder(torch.randn(1, 3, 48, 64))
        self.assertEqual(out.shape, (1, 64, 3, 4))        # stride 16
        self.assertLess(float(out.min()), 0.0)             # no final ReLU

    def test_deattention_network_returns_descriptor_and_mask(self):
        net = randomize_(VprNet("deatt_senet", TINY), seed=8).eval()
        descriptor, mask = net(torch.randn(2, 3, 64, 80))
        self.assertEqual(descriptor.shape, (2, 512))
        self.assertEqual(mask.shape, (2, 1, 4, 5))
        torch.testing.assert_close(descriptor.norm(dim=1), torch.ones(2))

    def test_attention_order_follows_the_reference(self):
        self.assertEqual(VprNet("deatt_senet", TINY).attention_names, ("deattention", "senet_attention"))


class DeepLabTest(unittest.TestCase):
    def test_stem_has_no_padding_and_output_matches_input_size(self):
        net = DeepLabV3PlusMobileNet().eval()
        stem = net.backbone.low_level_features[0][0]
        self.assertEqual(stem.padding, (0, 0))
        image = torch.randn(1, 3, 48, 64)
        self.assertEqual(tuple(net.backbone.low_level_features[0](image).shape[2:]), (23, 31))
        self.assertEqual(net(image).shape, (1, 19, 48, 64))

    def test_inverted_residual_pads_its_input_before_the_expansion(self):
        block = InvertedResidual(8, 8, stride=1, dilation=2, expansion=6).eval()
        seen = []
        block.conv[0][0].register_forward_hook(lambda m, inputs, out: seen.append(tuple(inputs[0].shape[2:])))
        out = block(torch.randn(1, 8, 5, 7))
        self.assertEqual(seen, [(9, 11)])                  # 2 px each side for dilation 2
        self.assertEqual(block.conv[1][0].padding, (0, 0))
        self.assertEqual(out.shape, (1, 8, 5, 7))

    def test_dilation_of_the_last_stages(self):
        net = DeepLabV3PlusMobileNet()
        blocks = dict(net.backbone.high_level_features.named_children())
        dilations = {int(i): b.conv[1][0].dilation[0] for i, b in blocks.items()}
        self.assertEqual([i for i, d in dilations.items() if d == 2], [15, 16, 17])


if __name__ == "__main__":
    unittest.main()
