/**
 * Sweeps: plans of stages written in HOCON (grids of values and refinements around the best
 * trials of an earlier stage), and the Spark job that trains each stage's trials on executors,
 * one trial per task, and writes them to the results table.
 */
package org.bnsweep.sweep;
