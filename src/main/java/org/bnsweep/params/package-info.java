/**
 * The hyperparameter schema: each hyperparameter declared once (key, value type, check, scale,
 * column), the values a trial takes ({@code TrialConfig}), and the errors a bad value gives as
 * data. Read by the numeric core and by the sweep alike; knows nothing of Spark.
 */
package org.bnsweep.params;
