package org.bnsweep.train;

/**
 * The state of a trial at the end of an epoch, evaluated with batch normalisation's moving
 * averages: one point of its curves.
 *
 * @param epoch 1 for the first epoch
 * @param updates updates done so far
 * @param eta learning rate of the last update
 * @param trainLoss mean cross-entropy on the training set
 * @param trainCost trainLoss plus the L2 penalty
 * @param trainAccuracy fraction of the training set classified right
 * @param valLoss mean cross-entropy on the validation set
 * @param valCost valLoss plus the L2 penalty
 * @param valAccuracy fraction of the validation set classified right
 * @param seconds wall seconds since the trial started
 */
public record EpochRecord(int epoch, long updates, double eta, double trainLoss, double trainCost,
    double trainAccuracy, double valLoss, double valCost, double valAccuracy, double seconds)
    implements java.io.Serializable {}
