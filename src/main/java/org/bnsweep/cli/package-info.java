/**
 * The {@code bnsweep} command line: subcommands, their options, human-readable and JSON output,
 * and one-line errors.
 */
package org.bnsweep.cli;
