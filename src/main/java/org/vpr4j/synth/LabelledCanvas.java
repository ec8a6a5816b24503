package org.vpr4j.synth;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Two images painted together: the colour picture (antialiased) and its label image, where every
 * shape is filled with its Cityscapes train id (no antialiasing, so each pixel holds exactly one
 * id). Whatever is drawn on one is drawn on the other, so the labels always match the picture.
 */
final class LabelledCanvas implements AutoCloseable {
  private final BufferedImage rgb;
  private final BufferedImage labels;
  private final Graphics2D rgbG;
  private final Graphics2D labelG;

  LabelledCanvas(int width, int height) {
    rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    // Ids are painted as grey levels into an RGB image; only the low byte is read back, which avoids
    // any colour-space conversion a grey image type could apply.
    labels = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    rgbG = rgb.createGraphics();
    rgbG.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    rgbG.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    rgbG.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    labelG = labels.createGraphics();
    labelG.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    labelG.setColor(labelColour(TrainIds.VOID));
    labelG.fillRect(0, 0, width, height);
  }

  int width() {
    return rgb.getWidth();
  }

  int height() {
    return rgb.getHeight();
  }

  void fill(Shape shape, Color colour, int label) {
    rgbG.setColor(colour);
    rgbG.fill(shape);
    labelG.setColor(labelColour(label));
    labelG.fill(shape);
  }

  /** Fills with a gradient or other paint in the picture, one id in the labels. */
  void fill(Shape shape, Paint paint, int label) {
    rgbG.setPaint(paint);
    rgbG.fill(shape);
    labelG.setColor(labelColour(label));
    labelG.fill(shape);
  }

  BufferedImage picture() {
    return rgb;
  }

  /** The label image as one train id per pixel, row-major. */
  byte[] labelBytes() {
    int[] px = ((DataBufferInt) labels.getRaster().getDataBuffer()).getData();
    byte[] out = new byte[px.length];
    for (int i = 0; i < px.length; i++) {
      out[i] = (byte) px[i];
    }
    return out;
  }

  private static Color labelColour(int id) {
    return new Color(id, id, id);
  }

  @Override
  public void close() {
    rgbG.dispose();
    labelG.dispose();
  }
}
