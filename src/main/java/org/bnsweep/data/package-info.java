/**
 * CIFAR-10 in its binary layout: reading and validating batch files, splitting the training
 * batches into training and validation sets, and per-dimension normalisation. Knows nothing of
 * networks or of Spark.
 */
package org.bnsweep.data;
