package org.vpr4j.onnx;

/**
 * Prepares vpr4j images for the {@code image} input of exported models. Images travel through
 * vpr4j as uint8 RGB in NHWC order; the PyTorch models expect float32 NCHW normalised the
 * torchvision way, {@code (x / 255 - mean) / std} per channel with the ImageNet statistics.
 */
public final class ImagenetInput {
  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};
  private static final int CHANNELS = 3;

  private ImagenetInput() {}

  /**
   * Normalises {@code batch} images of {@code height x width} RGB pixels, given as unsigned bytes
   * in NHWC order, into a [batch, 3, height, width] tensor.
   */
  public static FloatTensorData fromUint8Nhwc(byte[] pixels, int batch, int height, int width) {
    if (batch < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("batch, height and width must be positive, got " + batch + ", " + height + ", " + width);
    }
    long expected = (long) batch * height * width * CHANNELS;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(batch + " RGB images of " + height + "x" + width + " need " + expected
          + " bytes, got " + pixels.length);
    }
    int plane = height * width;
    float[] nchw = new float[pixels.length];
    int src = 0;
    for (int b = 0; b < batch; b++) {
      int imageStart = b * CHANNELS * plane;
      for (int p = 0; p < plane; p++) {
        for (int c = 0; c < CHANNELS; c++) {
          // Same float32 operations as torchvision, so the result matches PyTorch bit for bit.
          float unit = (pixels[src++] & 0xFF) / 255f;
          nchw[imageStart + c * plane + p] = (unit - MEAN[c]) / STD[c];
        }
      }
    }
    return new FloatTensorData(new long[] {batch, CHANNELS, height, width}, nchw);
  }
}
