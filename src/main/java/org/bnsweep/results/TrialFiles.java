package org.bnsweep.results;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * The names of the files in a sweep's folder. A trial's file is {@code trial-<id>.parquet},
 * where the id is the 16 hex digits of {@code TrialIds}; anything else is not ours to read (a
 * user's notes, a copy, a backup). Our temporary files start with a dot, so that Spark skips
 * them, and carry the trial id and a random part, so that every writer has its own.
 *
 * <p>{@code compact} merges trial files into {@code compacted-<6 digits>.parquet}, numbered from
 * 1 in the order they were published; its temporary files are {@code
 * .tmp-compacted-<uuid>.parquet}. A compacted file covers the trial ids of its rows: see {@link SweepFolder} for the rule.
 */
final class TrialFiles {
  private static final String ID = "[0-9a-f]{16}";
  private static final String UUID_TEXT =
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  private static final Pattern TRIAL = Pattern.compile("trial-(" + ID + ")\\.parquet");
  private static final Pattern COMPACTED = Pattern.compile("compacted-([0-9]{6})\\.parquet");
  /**
   * Temporary trial files and write probes, and the {@code .crc} files that Hadoop's
   * checksummed local file system kept beside them before we wrote without checksums.
   */
  private static final Pattern TEMPORARY;

  static {
    String ours = "(tmp-(" + ID + "|compacted)-" + UUID_TEXT + "\\.parquet|probe-" + UUID_TEXT
        + ")";
    TEMPORARY = Pattern.compile("\\." + ours + "|\\.\\." + ours + "\\.crc");
  }

  /** The hidden folder of a sweep where unreadable trial files are moved aside. */
  static final String CORRUPT_DIR = "_corrupt";

  private TrialFiles() {}

  static String trialName(String trialId) {
    if (!TRIAL.matcher("trial-" + trialId + ".parquet").matches()) {
      throw new IllegalArgumentException("trial id \"" + trialId + "\" is not 16 lower-case hex"
          + " digits; trial ids come from TrialIds.id");
    }
    return "trial-" + trialId + ".parquet";
  }

  /** The trial id of a well-named trial file, or null for any other name. */
  static String trialId(String fileName) {
    Matcher m = TRIAL.matcher(fileName);
    return m.matches() ? m.group(1) : null;
  }

  /** Files a user would take for a trial file but that readers skip, such as copies. */
  static boolean looksLikeTrialFile(String fileName) {
    return fileName.startsWith("trial-") && trialId(fileName) == null;
  }

  static String temporaryName(String trialId) {
    return ".tmp-" + trialId + "-" + UUID.randomUUID() + ".parquet";
  }

  /** The temporary name of a compacted file being written. */
  static String compactedTemporaryName() {
    return ".tmp-compacted-" + UUID.randomUUID() + ".parquet";
  }

  /** The name of the {@code number}th compacted file (1 for the first). */
  static String compactedName(int number) {
    if (number < 1 || number > 999_999) {
      throw new IllegalArgumentException("compacted file number must be in [1, 999999], got "
          + number);
    }
    return String.format("compacted-%06d.parquet", number);
  }

  /** The number of a compacted file's name, or -1 for any other name. */
  static int compactedNumber(String fileName) {
    Matcher m = COMPACTED.matcher(fileName);
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  static String probeName() {
    return ".probe-" + UUID.randomUUID();
  }

  /** True only for the names of our own temporary files (and their checksums). */
  static boolean isTemporary(String fileName) {
    return TEMPORARY.matcher(fileName).matches();
  }

  /** Where Hadoop's checksummed local file system keeps the checksums of {@code file}. */
  static Path checksumOf(Path file) {
    return new Path(file.getParent(), "." + file.getName() + ".crc");
  }
}
