package org.bnsweep.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The images of one or more CIFAR-10 binary batch files, as raw bytes.
 *
 * <p>{@code pixels} holds one image per column, column-major ({@link #DIM} bytes per image, red
 * plane then green then blue, as in the file), which is the layout the network multiplies.
 *
 * @param pixels unsigned pixel bytes, {@code DIM * count} long
 * @param labels class labels 0-9, {@code count} long
 */
public record CifarBatch(byte[] pixels, byte[] labels) implements java.io.Serializable {

  public static final int DIM = 3 * 32 * 32;
  public static final int CLASSES = 10;
  public static final int RECORD_BYTES = DIM + 1;

  public CifarBatch {
    if (pixels.length != (long) labels.length * DIM) {
      throw new IllegalArgumentException(
          "pixels must hold " + DIM + " bytes per label, got " + pixels.length + " for "
              + labels.length + " labels");
    }
  }

  public int count() {
    return labels.length;
  }

  /** Images in one official batch file; a larger file is not a CIFAR-10 batch. */
  public static final int IMAGES_PER_FILE = 10_000;

  /**
   * The bytes of a batch file, after checking that it is a regular file of at most one batch's
   * size: a FIFO would hang the read and a stray 3 GB file would exhaust the heap.
   */
  static byte[] readBytes(Path file) throws IOException {
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new IllegalArgumentException("CIFAR-10 batch file " + file + " is not a regular file"
          + " (a FIFO, device or folder); put the .bin batch there (data/fetch-cifar10.sh)");
    }
    long size = Files.size(file);
    long max = (long) IMAGES_PER_FILE * RECORD_BYTES;
    if (size > max) {
      throw new IllegalArgumentException("CIFAR-10 batch file " + file + " has " + size
          + " bytes, more than a batch's " + max + "; it is not a CIFAR-10 batch: replace it"
          + " (data/fetch-cifar10.sh)");
    }
    return Files.readAllBytes(file);
  }

  /** Reads and validates one batch file. */
  public static CifarBatch read(Path file) {
    try {
      return parse(file.toString(), readBytes(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "CIFAR-10 batch file " + file + " does not exist; run data/fetch-cifar10.sh or set"
              + " bnsweep.data.dir to the folder that holds the .bin batches");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read CIFAR-10 batch file " + file + ": " + e, e);
    }
  }

  /**
   * Parses the bytes of one batch file, checking that it is a whole number of records and that
   * every label is 0-9.
   *
   * @param source names the bytes in error messages (a file name)
   */
  public static CifarBatch parse(String source, byte[] bytes) {
    int count = validate(source, bytes);
    byte[] pixels = new byte[count * DIM];
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      int offset = i * RECORD_BYTES;
      labels[i] = bytes[offset];
      System.arraycopy(bytes, offset + 1, pixels, i * DIM, DIM);
    }
    return new CifarBatch(pixels, labels);
  }

  /**
   * Checks the bytes of one batch file as {@link #parse} does, without copying them.
   *
   * @return the number of images
   */
  public static int validate(String source, byte[] bytes) {
    if (bytes.length == 0 || bytes.length % RECORD_BYTES != 0) {
      throw new IllegalArgumentException(
          "CIFAR-10 batch file " + source + " is " + bytes.length + " bytes, not a positive"
              + " multiple of " + RECORD_BYTES + " (truncated or not the binary version);"
              + " fetch the data again with data/fetch-cifar10.sh");
    }
    int count = bytes.length / RECORD_BYTES;
    for (int i = 0; i < count; i++) {
      int offset = i * RECORD_BYTES;
      byte label = bytes[offset];
      if (label < 0 || label >= CLASSES) {
        throw new IllegalArgumentException(
            "CIFAR-10 batch file " + source + " has label " + (label & 0xff) + " at record " + i
                + " (byte " + offset + "); labels must be 0-9, so the file is corrupt or not"
                + " the binary version; fetch the data again with data/fetch-cifar10.sh");
      }
    }
    return count;
  }

  /** A copy of the images {@code [from, to)}. */
  public CifarBatch slice(int from, int to) {
    if (from < 0 || to > count() || from > to) {
      throw new IllegalArgumentException(
          "slice [" + from + ", " + to + ") is outside the " + count() + " images");
    }
    byte[] p = java.util.Arrays.copyOfRange(pixels, from * DIM, to * DIM);
    byte[] l = java.util.Arrays.copyOfRange(labels, from, to);
    return new CifarBatch(p, l);
  }
}
