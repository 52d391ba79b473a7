/**
 * Reading HOCON settings: the reference defaults, an experiment file and command-line
 * overrides, merged once and checked against the reference so that a mistyped key fails.
 */
package org.bnsweep.config;
