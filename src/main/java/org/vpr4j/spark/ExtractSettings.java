package org.vpr4j.spark;

import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SerializableWritable;

/**
 * What every extract task needs besides its images: the output folder, the shipped model, the
 * batch size, what to do with an unreadable image, and the driver's Hadoop configuration (so
 * that {@code s3a://} credentials and the like reach the executors).
 */
record ExtractSettings(String out, ShippedModel model, int batchSize, boolean skipUnreadable,
    SerializableWritable<Configuration> hadoop) implements Serializable {}
