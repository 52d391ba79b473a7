package org.bnsweep.results;

import org.apache.hadoop.fs.Path;
import org.bnsweep.params.TrialStatus;

/**
 * A trial's file, read through: its row names the trial its file name gives, and that row's
 * status ({@code ok}, {@code diverged} or {@code failed}).
 */
record TrialFile(Path path, String trialId, TrialStatus status) {}
