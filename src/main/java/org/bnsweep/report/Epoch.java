package org.bnsweep.report;

/**
 * One point of a trial's learning curve, as the report needs it. Metrics not reached are NaN.
 *
 * @param epoch 1-based epoch (or evaluation point) number
 * @param trainLoss cross-entropy on the training set, without the L2 term
 * @param valLoss cross-entropy on the validation set, without the L2 term
 */
public record Epoch(int epoch, double trainLoss, double valLoss, double trainAccuracy,
    double valAccuracy) {}
