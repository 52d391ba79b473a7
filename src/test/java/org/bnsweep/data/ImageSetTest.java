package org.bnsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Gathering and copying images into a buffer whose columns may be padded apart. */
class ImageSetTest {
  /** Four images of 3 values, image c holding c*10, c*10+1, c*10+2; labels 0..3. */
  private static ImageSet set() {
    float[] px = new float[12];
    for (int c = 0; c < 4; c++) {
      for (int i = 0; i < 3; i++) {
        px[c * 3 + i] = c * 10 + i;
      }
    }
    return ImageSet.of(3, px, new int[] {0, 1, 2, 3});
  }

  @Test
  void gatherPutsEachImageAtItsStrideAndLeavesThePaddingAlone() {
    float[] into = new float[10];
    java.util.Arrays.fill(into, -1);
    int[] labels = new int[2];
    set().gather(new int[] {3, 1, 0, 2}, 0, 2, into, 5, labels);
    assertArrayEquals(new float[] {30, 31, 32, -1, -1, 10, 11, 12, -1, -1}, into);
    assertArrayEquals(new int[] {3, 1}, labels);
  }

  @Test
  void copyRangeWithAndWithoutPadding() {
    int[] labels = new int[2];
    float[] padded = new float[8];
    set().copyRange(1, 2, padded, 4, labels);
    assertArrayEquals(new float[] {10, 11, 12, 0, 20, 21, 22, 0}, padded);
    assertArrayEquals(new int[] {1, 2}, labels);
    float[] contiguous = new float[6];
    set().copyRange(2, 2, contiguous, 3, labels);
    assertArrayEquals(new float[] {20, 21, 22, 30, 31, 32}, contiguous);
    assertArrayEquals(new int[] {2, 3}, labels);
  }

  @Test
  void aStrideShorterThanAnImageIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> set().gather(new int[] {0}, 0, 1, new float[3], 2, new int[1]));
    assertEquals("a column stride of 2 is shorter than the images' 3 values", e.getMessage());
  }
}
