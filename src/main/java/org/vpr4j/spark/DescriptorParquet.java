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
 * reads as {@code array<float>}); an extract with a PCA adds {@code pca_descriptor}, the same
 * descriptor projected by the run's PCA.
 */
final class DescriptorParquet {
  static final String INDEX = "index";
  static final String PATH = "path";
  static final String EASTING = "easting";
  static final String NORTHING = "northing";
  static final String DESCRIPTOR = "descriptor";
  static final String PCA_DESCRIPTOR = "pca_descriptor";

  private static final String POSITION_COLUMNS = """
      required int64 index;
      required binary path (STRING);
      optional double easting;
      optional double northing;
      """;
  static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
      "message vpr4j_descriptors {\n" + POSITION_COLUMNS + listOfFloats(DESCRIPTOR) + "}\n");
  static final MessageType SCHEMA_WITH_PCA = MessageTypeParser.parseMessageType(
      "message vpr4j_descriptors {\n" + POSITION_COLUMNS + listOfFloats(DESCRIPTOR) + listOfFloats(PCA_DESCRIPTOR)
          + "}\n");

  private DescriptorParquet() {}

  /**
   * Writes {@code rows} with their descriptors ({@code [rows, dim]} row-major) to {@code file}, and
   * their PCA descriptors ({@code [rows, pcaDim]}) when {@code pcaDescriptors} is not null.
   */
  static void write(Path file, List<ImageRow> rows, float[] descriptors, int dim, float[] pcaDescriptors, int pcaDim,
      Configuration conf) throws IOException {
    MessageType schema = pcaDescriptors == null ? SCHEMA : SCHEMA_WITH_PCA;
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> out = ExampleParquetWriter.builder(file)
        .withConf(conf)
        .withType(schema)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
        .build()) {
      for (int i = 0; i < rows.size(); i++) {
        ImageRow r = rows.get(i);
        Group g = groups.newGroup().append(INDEX, r.index()).append(PATH, r.path());
        if (r.hasPosition()) {
          g.append(EASTING, r.easting()).append(NORTHING, r.northing());
        }
        addList(g, DESCRIPTOR, descriptors, i, dim);
        if (pcaDescriptors != null) {
          addList(g, PCA_DESCRIPTOR, pcaDescriptors, i, pcaDim);
        }
        out.write(g);
      }
    }
  }

  /** A column of float lists in Parquet's standard LIST layout. */
  private static String listOfFloats(String name) {
    return "required group " + name + " (LIST) {\n  repeated group list {\n    required float element;\n  }\n}\n";
  }

  private static void addList(Group row, String column, float[] matrix, int i, int dim) {
    Group list = row.addGroup(column);
    for (int j = 0; j < dim; j++) {
      list.addGroup("list").append("element", matrix[i * dim + j]);
    }
  }
}
