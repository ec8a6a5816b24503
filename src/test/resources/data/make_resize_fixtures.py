#!/usr/bin/python3
"""Writes the fixture for ImageResizerTest: an RGB input and Pillow's own BICUBIC resizes of it.

Run from this folder with the Debian python (python3-pil, numpy):  /usr/bin/python3 make_resize_fixtures.py
The input mixes smooth gradients with hard edges and pixel noise, so that the cubic kernel's
overshoot gets clamped and the antialiasing support (scaled by the downscale factor) matters.
Outputs are named resize_<width>x<height>.png; the test finds them by that name.
"""
import numpy as np
from PIL import Image

SIZES = [(40, 23), (130, 90), (50, 80), (97, 30), (64, 61), (64, 48)]

rng = np.random.default_rng(20230706)
h, w = 61, 97
y, x = np.mgrid[0:h, 0:w]
img = np.zeros((h, w, 3), dtype=np.float64)
img[..., 0] = 255 * x / (w - 1)
img[..., 1] = 255 * (0.5 + 0.5 * np.sin(x / 5.0 + y / 7.0))
img[..., 2] = np.where((x // 8 + y // 8) % 2 == 0, 250, 5)
noise = rng.integers(0, 256, size=(h, w, 3))
img[:, w // 2:] = np.where(rng.random((h, w - w // 2, 1)) < 0.5, noise[:, w // 2:], img[:, w // 2:])
source = Image.fromarray(np.clip(np.round(img), 0, 255).astype(np.uint8), "RGB")
source.save("resize_input.png")

for width, height in SIZES:
    Image.open("resize_input.png").resize((width, height), Image.BICUBIC).save("resize_%dx%d.png" % (width, height))
print("Pillow", Image.__version__)
