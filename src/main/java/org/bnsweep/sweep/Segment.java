package org.bnsweep.sweep;

import org.bnsweep.params.TrialStatus;

/**
 * What one trial segment left behind: a trial trained to a rung's cycles (or to its end).
 *
 * @param status {@code STOPPED} if it paused at the rung (its checkpoint is there) or its stage
 *     stopped it; else the status of its row (ok, diverged, failed)
 * @param score validation accuracy at the rung's end; NaN if it did not get there well
 * @param seconds the trial's seconds so far, over all its segments (training and evaluation)
 * @param row true if the trial has its row: nothing more trains it
 * @param updates updates this segment trained (0 for one read back from the table)
 */
record Segment(TrialStatus status, double score, double seconds, boolean row, long updates) {}
