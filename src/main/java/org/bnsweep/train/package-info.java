/**
 * Training one network: the triangular cyclical learning rate, the mini-batch loop, per-epoch
 * curves and the trial's result. A trial is a pure function of its config, its data and its
 * seed. Knows nothing of Spark.
 */
package org.bnsweep.train;
