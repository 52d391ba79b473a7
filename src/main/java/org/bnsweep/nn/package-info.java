/**
 * The k-layer fully connected network: parameters, batch normalisation, forward and backward
 * passes on jblas, and the centred-difference gradient check. Knows nothing of Spark; its only
 * native dependency is the BLAS that jblas loads.
 */
package org.bnsweep.nn;
