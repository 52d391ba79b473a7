/**
 * The results table: one Parquet file per trial under {@code <table>/sweep=<name>/}, written
 * where the trial ran and named by its trial id, so that retries, speculation and restarts can
 * never give a trial two rows; and its reading with Spark SQL.
 */
package org.bnsweep.results;
