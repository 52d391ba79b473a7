package org.bnsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarBatchTest {

  /** Two records: labels 3 and 7, pixels counting up from the record's index. */
  static byte[] twoRecords() {
    byte[] bytes = new byte[2 * CifarBatch.RECORD_BYTES];
    for (int r = 0; r < 2; r++) {
      int at = r * CifarBatch.RECORD_BYTES;
      bytes[at] = (byte) (r == 0 ? 3 : 7);
      for (int k = 0; k < CifarBatch.DIM; k++) {
        bytes[at + 1 + k] = (byte) (r + k);
      }
    }
    return bytes;
  }

  @Test
  void parsesLabelsAndPixelsColumnByColumn() {
    CifarBatch b = CifarBatch.parse("two.bin", twoRecords());
    assertEquals(2, b.count());
    assertArrayEquals(new byte[] {3, 7}, b.labels());
    // Column 1 (second image) starts at DIM and begins with pixel value 1.
    assertEquals(1, b.pixels()[CifarBatch.DIM]);
    assertEquals((byte) (1 + 5), b.pixels()[CifarBatch.DIM + 5]);
  }

  @Test
  void truncatedFileNamesTheFileAndTheFix() {
    byte[] bytes = java.util.Arrays.copyOf(twoRecords(), CifarBatch.RECORD_BYTES + 100);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CifarBatch.parse("data_batch_3.bin", bytes));
    assertTrue(e.getMessage().contains("data_batch_3.bin"), e.getMessage());
    assertTrue(e.getMessage().contains("3073"), e.getMessage());
    assertTrue(e.getMessage().contains("fetch-cifar10.sh"), e.getMessage());
  }

  @Test
  void aFifoInTheDataFolderIsRefusedInsteadOfHangingTheRead(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("data_batch_1.bin");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CifarBatch.read(fifo));
    assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
  }

  @Test
  void aFileLargerThanABatchIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
    Path big = dir.resolve("data_batch_1.bin");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(3L << 30); // a sparse 3 GB file: no disk used, no heap either
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CifarBatch.read(big));
    assertTrue(e.getMessage().contains("more than a batch's"), e.getMessage());
  }

  @Test
  void labelOutsideZeroToNineIsRejectedWithItsRecord() {
    byte[] bytes = twoRecords();
    bytes[CifarBatch.RECORD_BYTES] = 12;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CifarBatch.parse("x.bin", bytes));
    assertTrue(e.getMessage().contains("label 12 at record 1"), e.getMessage());
  }

  @Test
  void missingFolderSaysHowToFetchTheData(@TempDir Path dir) {
    DataConfig config = new DataConfig(dir.resolve("nowhere").toString(), 100, 100, 100);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CifarData.load(config));
    assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
    assertTrue(e.getMessage().contains("data/fetch-cifar10.sh"), e.getMessage());
  }

  @Test
  void truncatedBatchFileOnDiskIsNamed(@TempDir Path dir) throws Exception {
    for (String name : CifarData.allFiles()) {
      Files.write(dir.resolve(name), twoRecords());
    }
    Files.write(dir.resolve("data_batch_2.bin"), new byte[5000]);
    DataConfig config = new DataConfig(dir.toString(), 5, 2, 2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CifarData.load(config));
    assertTrue(e.getMessage().contains("data_batch_2.bin"), e.getMessage());
  }

  @Test
  void splitTakesValidationFromTheEndAndNormalisesByTrainingStatistics(@TempDir Path dir)
      throws Exception {
    for (String name : CifarData.allFiles()) {
      Files.write(dir.resolve(name), twoRecords());
    }
    // 10 training-pool images (5 files x 2): 6 for training, 2 for validation.
    CifarData data = CifarData.load(new DataConfig(dir.toString(), 6, 2, 2));
    assertEquals(6, data.training().count());
    assertEquals(2, data.validation().count());
    assertEquals(2, data.test().count());
    float[] col = new float[CifarBatch.DIM];
    int[] label = new int[1];
    data.training().copyRange(0, 1, col, CifarBatch.DIM, label);
    assertEquals(3, label[0]);
    // Training images alternate between two values per pixel: mean 0.5 apart, std 0.5,
    // so the first image normalises to -1 in every dimension (exact in float).
    assertEquals(-1.0f, col[0], 1e-6f);
    assertEquals(-1.0f, col[100], 1e-6f);
  }

  @Test
  void dataConfigRejectsAnOversizedSplit() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DataConfig("d", 48000, 5000, 10000));
    assertTrue(e.getMessage().contains("48000 + 5000 + 10000 does not fit"), e.getMessage());
  }
}
