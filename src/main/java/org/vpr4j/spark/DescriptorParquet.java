package org.vpr4j.spark;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The Parquet files of an extract: one row per described image, in listing order, with the
 * columns {@code index} (the row's place in the listing), {@code path}, {@code easting} and
 * {@code northing} (null when unknown) and {@code descriptor} (a list of floats, which Spark
 * reads as {@code array<float>}); an extract with a PCA adds {@code pca_descriptor}, the same
 * descriptor projected by the run's PCA. The file's key-value metadata names the engine that
 * computed its descriptors ({@value #ENGINE_KEY}), so that a partition kept from an interrupted
 * run still tells which engine wrote it.
 */
final class DescriptorParquet {
  static final String INDEX = "index";
  static final String PATH = "path";
  static final String EASTING = "easting";
  static final String NORTHING = "northing";
  static final String DESCRIPTOR = "descriptor";
  static final String PCA_DESCRIPTOR = "pca_descriptor";
  static final String ENGINE_KEY = "vpr4j.engine";

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
   * their PCA descriptors ({@code [rows, pcaDim]}) when {@code pcaDescriptors} is not null, and
   * {@code engine} (tf or ort) in the file's metadata, or no engine when null (benchmark vectors).
   * Values go straight to Parquet's record consumer (no object per element), without dictionary
   * or statistics for the descriptor columns: neither helps random-looking floats, and building
   * them cost more than the rest of the write at 32,768-D (docs/benchmarks.md).
   */
  static void write(Path file, List<ImageRow> rows, float[] descriptors, int dim, float[] pcaDescriptors, int pcaDim,
      String engine, Configuration conf) throws IOException {
    MessageType schema = pcaDescriptors == null ? SCHEMA : SCHEMA_WITH_PCA;
    Map<String, String> metadata = engine == null ? Map.of() : Map.of(ENGINE_KEY, engine);
    Rows support = new Rows(schema, metadata, rows, descriptors, dim, pcaDescriptors, pcaDim);
    try (ParquetWriter<Integer> out = new Builder(HadoopOutputFile.fromPath(file, conf), support)
        .withConf(conf)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
        .withDictionaryEncoding(false)
        .withDictionaryEncoding(PATH, true)
        .withStatisticsEnabled(false)
        .withSizeStatisticsEnabled(false)
        .build()) {
      for (int i = 0; i < rows.size(); i++) {
        out.write(i);
      }
    }
  }

  /** The engine recorded in {@code file} by {@link #write}, or {@code unrecorded}. */
  static String engine(Path file, Configuration conf) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
      return reader.getFileMetaData().getKeyValueMetaData().getOrDefault(ENGINE_KEY, "unrecorded");
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
    private final Rows support;

    Builder(OutputFile file, Rows support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Integer> getWriteSupport(Configuration conf) {
      return support;
    }
  }

  /** Writes row {@code i} of the matrices as one record. */
  private static final class Rows extends WriteSupport<Integer> {
    private final MessageType schema;
    private final Map<String, String> metadata;
    private final List<ImageRow> rows;
    private final float[] descriptors;
    private final int dim;
    private final float[] pca;
    private final int pcaDim;
    private RecordConsumer out;

    Rows(MessageType schema, Map<String, String> metadata, List<ImageRow> rows, float[] descriptors, int dim,
        float[] pca, int pcaDim) {
      this.schema = schema;
      this.metadata = metadata;
      this.rows = rows;
      this.descriptors = descriptors;
      this.dim = dim;
      this.pca = pca;
      this.pcaDim = pcaDim;
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, metadata);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      out = recordConsumer;
    }

    @Override
    public void write(Integer i) {
      ImageRow r = rows.get(i);
      out.startMessage();
      out.startField(INDEX, 0);
      out.addLong(r.index());
      out.endField(INDEX, 0);
      out.startField(PATH, 1);
      out.addBinary(Binary.fromString(r.path()));
      out.endField(PATH, 1);
      if (r.hasPosition()) {
        out.startField(EASTING, 2);
        out.addDouble(r.easting());
        out.endField(EASTING, 2);
        out.startField(NORTHING, 3);
        out.addDouble(r.northing());
        out.endField(NORTHING, 3);
      }
      list(DESCRIPTOR, 4, descriptors, i, dim);
      if (pca != null) {
        list(PCA_DESCRIPTOR, 5, pca, i, pcaDim);
      }
      out.endMessage();
    }

    /** Row {@code i} of {@code matrix} in Parquet's standard LIST layout. */
    private void list(String column, int field, float[] matrix, int i, int n) {
      out.startField(column, field);
      out.startGroup();
      out.startField("list", 0);
      for (int j = 0, at = i * n; j < n; j++) {
        out.startGroup();
        out.startField("element", 0);
        out.addFloat(matrix[at + j]);
        out.endField("element", 0);
        out.endGroup();
      }
      out.endField("list", 0);
      out.endGroup();
      out.endField(column, field);
    }
  }

  /** A column of float lists in Parquet's standard LIST layout. */
  private static String listOfFloats(String name) {
    return "required group " + name + " (LIST) {\n  repeated group list {\n    required float element;\n  }\n}\n";
  }
}
