package org.bnsweep.nn;

/** Which statistics batch normalisation uses in a forward pass. */
public enum Mode {
  /** Batch mean and variance, and the moving averages are updated: a training step. */
  TRAIN,
  /** Batch mean and variance, moving averages untouched: the gradient check. */
  BATCH_STATISTICS,
  /** The moving averages: every evaluation of a trained network. */
  INFERENCE
}
