package org.vpr4j.spark;

import java.io.Serializable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * One row of an extract as search reads it: its index, path and one descriptor column as a
 * {@code float[]}. Spark's bean encoder copies an {@code array<float>} into a primitive array in
 * one step, where a {@link Row} would hand each of its 32,768 values over as a boxed Float.
 * (A Java bean because that is the encoder Spark offers Java for primitive arrays.)
 */
public final class DescriptorRow implements Serializable {
  private static final Encoder<DescriptorRow> ENCODER = Encoders.bean(DescriptorRow.class);

  private long index;
  private String path;
  private float[] vector;

  /** {@code column} of {@code extract} with each row's index and path. */
  static Dataset<DescriptorRow> of(Dataset<Row> extract, String column) {
    return extract.select(functions.col(DescriptorParquet.INDEX), functions.col(DescriptorParquet.PATH),
        new Column(column).as("vector")).as(ENCODER);
  }

  public long getIndex() {
    return index;
  }

  public void setIndex(long index) {
    this.index = index;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public float[] getVector() {
    return vector;
  }

  public void setVector(float[] vector) {
    this.vector = vector;
  }
}
