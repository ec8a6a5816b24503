"""JPEG colour-space fixtures for JpegColourSpacesTest, written by Pillow, and Pillow's own RGB of them.

  write OUT   writes CMYK JPEGs (Adobe marker or not, baseline or progressive, with an ICC profile) and an
              RGB JPEG with an ICC profile into folder OUT
  decode F... writes F.rgb beside each JPEG F: Pillow's convert('RGB'), row-major 8-bit RGB; prints
              "NAME MODE ADOBE_TRANSFORM" per file
"""
import io
import sys

import numpy as np
from PIL import Image, ImageCms


def picture():
    """Smooth, saturated colours in every hue and shade, and some black, so any wrong conversion shows."""
    h, w = 48, 64
    y, x = np.mgrid[0:h, 0:w]
    rgb = np.stack([(x * 4) % 256, (y * 5) % 256, ((x + y) * 3) % 256], -1).astype(np.uint8)
    rgb[:8, :8] = (250, 30, 20)
    rgb[-8:, -8:] = (20, 200, 240)
    return Image.fromarray(rgb)


def without_app14(jpeg):
    """The same JPEG with its Adobe (APP14) marker segment removed."""
    out, i = bytearray(jpeg[:2]), 2
    while i < len(jpeg):
        marker = jpeg[i + 1]
        if marker == 0xDA:  # start of scan: the rest is entropy-coded data
            out += jpeg[i:]
            break
        length = int.from_bytes(jpeg[i + 2:i + 4], "big")
        if marker != 0xEE:
            out += jpeg[i:i + 2 + length]
        i += 2 + length
    return bytes(out)


def encoded(image, **options):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, **options)
    return buffer.getvalue()


def write(folder):
    rgb = picture()
    cmyk = rgb.convert("CMYK")
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    files = {
        "cmyk-adobe-baseline": encoded(cmyk),
        "cmyk-adobe-progressive": encoded(cmyk, progressive=True),
        "cmyk-adobe-icc": encoded(cmyk, icc_profile=icc),
        "rgb-icc": encoded(rgb, icc_profile=icc),
    }
    files["cmyk-plain-baseline"] = without_app14(files["cmyk-adobe-baseline"])
    files["cmyk-plain-progressive"] = without_app14(files["cmyk-adobe-progressive"])
    for name, data in files.items():
        with open(f"{folder}/{name}.jpg", "wb") as f:
            f.write(data)


def decode(paths):
    for path in paths:
        image = Image.open(path)
        print(path.rsplit("/", 1)[-1], image.mode, image.info.get("adobe_transform", "-"))
        with open(path + ".rgb", "wb") as f:
            f.write(image.convert("RGB").tobytes())


if __name__ == "__main__":
    write(sys.argv[2]) if sys.argv[1] == "write" else decode(sys.argv[2:])
