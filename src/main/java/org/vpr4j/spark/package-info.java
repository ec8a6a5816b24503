/**
 * vpr4j's extraction, search and evaluation as Apache Spark jobs ({@code scripts/vpr4j spark} in
 * local mode, or {@code spark-submit --class org.vpr4j.spark.SparkMain} on a cluster). The jobs
 * distribute the work and call the classes the command line calls: descriptor extraction
 * ({@code eval.DescriptorExtraction}), exact search ({@code eval.ExactSearch}), recall
 * ({@code eval.Evaluation}) and the report writers. See docs/spark.md.
 */
package org.vpr4j.spark;
