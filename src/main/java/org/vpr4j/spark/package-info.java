/**
 * vpr4j's extraction, search and evaluation as Apache Spark jobs; {@code cli.SparkMain} and
 * {@code cli.SparkCommands} are their command line ({@code scripts/vpr4j spark}, or {@code
 * spark-submit --class org.vpr4j.cli.SparkMain} on a cluster). The jobs distribute the work and
 * call the classes the command line calls: descriptor extraction ({@code
 * eval.DescriptorExtraction}), exact search ({@code eval.ExactSearch}), recall ({@code
 * eval.Evaluation}) and the report writers. See docs/spark.md.
 */
package org.vpr4j.spark;
