package org.vpr4j.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a job. Under {@code spark-submit} the master comes from it; started any
 * other way (scripts/vpr4j spark, the tests) vpr4j runs Spark in local mode on every core, the
 * embedded default. {@code --master} overrides both.
 */
public final class SparkSessions {
  /** The embedded default: local mode on every core. */
  public static final String LOCAL = "local[*]";

  private SparkSessions() {}

  public static SparkSession get(String master) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder b = SparkSession.builder().appName("vpr4j");
    if (master != null) {
      b.master(master);
    } else if (!conf.contains("spark.master")) {
      b.master(LOCAL);
    }
    if (!conf.contains("spark.ui.enabled")) {
      b.config("spark.ui.enabled", "false");
    }
    return b.getOrCreate();
  }

  /** Stops the session of this JVM, if one was started. */
  public static void stop() {
    SparkSession.getActiveSession().foreach(s -> {
      s.stop();
      return null;
    });
  }
}
