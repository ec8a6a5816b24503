package org.vpr4j.spark;

import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SerializableWritable;
import org.apache.spark.broadcast.Broadcast;
import org.vpr4j.eval.pca.Pca;

/**
 * What every extract task needs besides its images: the output folder, the shipped model, the
 * batch size, what to do with an unreadable image, the driver's Hadoop configuration (so
 * that {@code s3a://} credentials and the like reach the executors) and the run's PCA, broadcast
 * once to every executor, or null when the extract has none.
 */
record ExtractSettings(String out, ShippedModel model, int batchSize, boolean skipUnreadable,
    SerializableWritable<Configuration> hadoop, Broadcast<Pca> pca) implements Serializable {}
