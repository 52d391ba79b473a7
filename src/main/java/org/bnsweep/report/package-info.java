/**
 * The {@code report} subcommand's output: figures (XChart and Java2D PNGs), tables and one
 * self-contained HTML page with its Markdown twin, built from one sweep of the results table.
 * {@link org.bnsweep.report.HyperColumn} lists the hyperparameter columns once.
 *
 * <p>Only {@link org.bnsweep.report.TrialReader} touches Spark: it reads the Parquet table into
 * plain {@link org.bnsweep.report.Trial} records, and everything else plots and writes without
 * Spark, so it can be tested on hand-made trials.
 */
package org.bnsweep.report;
