package org.vpr4j.spark;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The Parquet files of an extract: one row per described image, in listing order, with the
 * columns {@code index} (the row's place in the listing), {@code path}, {@code easting} and
 * {@code northing} (null when unknown) and {@code descriptor} (a list of floats, which Spark
 * reads as {@code array<float>}). A run with a PCA would add {@code pca_descriptor} here.
 */
final class DescriptorParquet {
  static final String INDEX = "index";
  static final String PATH = "path";
  static final String EASTING = "easting";
  static final String NORTHING = "northing";
  static final String DESCRIPTOR = "descriptor";

  static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
      message vpr4j_descriptors {
        required int64 index;
        required binary path (STRING);
        optional double easting;
        optional double northing;
        required group descriptor (LIST) {
          repeated group list {
            required float element;
          }
        }
      }
      """);

  private DescriptorParquet() {}

  /** Writes {@code rows} with their descriptors ({@code [rows, dim]} row-major) to {@code file}. */
  static void write(Path file, List<ImageRow> rows, float[] descriptors, int dim, Configuration conf)
      throws IOException {
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    try (ParquetWriter<Group> out = ExampleParquetWriter.builder(file)
        .withConf(conf)
        .withType(SCHEMA)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
        .build()) {
      for (int i = 0; i < rows.size(); i++) {
        ImageRow r = rows.get(i);
        Group g = groups.newGroup().append(INDEX, r.index()).append(PATH, r.path());
        if (r.hasPosition()) {
          g.append(EASTING, r.easting()).append(NORTHING, r.northing());
        }
        Group list = g.addGroup(DESCRIPTOR);
        for (int j = 0; j < dim; j++) {
          list.addGroup("list").append("element", descriptors[i * dim + j]);
        }
        out.write(g);
      }
    }
  }
}
