package org.bnsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Augmentation on known images: every pixel's value names where it came from. */
class AugmentationTest {
  private static final int S = Augmentation.SIDE;

  /** One image whose pixel (c, y, x) holds 1 + c * 1024 + y * 32 + x: never 0. */
  static float[] labelled() {
    float[] img = new float[CifarBatch.DIM];
    for (int i = 0; i < img.length; i++) {
      img[i] = 1 + i;
    }
    return img;
  }

  static float at(float[] img, int c, int y, int x) {
    return img[c * S * S + y * S + x];
  }

  static float[] transformed(boolean mirror, int dx, int dy) {
    float[] img = labelled();
    Augmentation.transform(img, 0, mirror, dx, dy, new float[CifarBatch.DIM]);
    return img;
  }

  @Test
  void aFlipIsAMirrorImageOfEveryRowOfEveryChannel() {
    float[] original = labelled();
    float[] flipped = transformed(true, 0, 0);
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < S; y++) {
        for (int x = 0; x < S; x++) {
          assertEquals(at(original, c, y, S - 1 - x), at(flipped, c, y, x));
        }
      }
    }
    // Flipping twice gives the image back.
    float[] twice = flipped.clone();
    Augmentation.transform(twice, 0, true, 0, 0, new float[CifarBatch.DIM]);
    assertArrayEquals(original, twice);
  }

  @Test
  void aShiftMovesThePixelsAndPadsWithZeros() {
    float[] original = labelled();
    float[] moved = transformed(false, 2, -3); // right 2, up 3
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < S; y++) {
        for (int x = 0; x < S; x++) {
          int sy = y + 3;
          int sx = x - 2;
          float expected = sy < S && sx >= 0 ? at(original, c, sy, sx) : 0f;
          assertEquals(expected, at(moved, c, y, x), "pixel " + c + "," + y + "," + x);
        }
      }
    }
    // The padding: the two left columns and three bottom rows of each channel are zero.
    int zeros = 0;
    for (float v : moved) {
      zeros += v == 0 ? 1 : 0;
    }
    assertEquals(3 * (2 * S + 3 * S - 2 * 3), zeros);
  }

  @Test
  void flipThenShiftComposes() {
    float[] both = transformed(true, 1, 1);
    float[] flipped = transformed(true, 0, 0);
    for (int y = 1; y < S; y++) {
      for (int x = 1; x < S; x++) {
        assertEquals(at(flipped, 2, y - 1, x - 1), at(both, 2, y, x));
      }
    }
  }

  @Test
  void drawsArePerImageAndEpochAndReproducible() {
    Augmentation aug = new Augmentation(true, 4);
    int n = 16;
    float[] batch = new float[n * CifarBatch.DIM];
    for (int j = 0; j < n; j++) {
      System.arraycopy(labelled(), 0, batch, j * CifarBatch.DIM, CifarBatch.DIM);
    }
    int[] ids = new int[n];
    for (int j = 0; j < n; j++) {
      ids[j] = 100 + j;
    }
    float[] a = batch.clone();
    float[] b = batch.clone();
    float[] later = batch.clone();
    float[] scratch = new float[CifarBatch.DIM];
    aug.apply(a, n, CifarBatch.DIM, ids, 0, 7, 1, scratch);
    aug.apply(b, n, CifarBatch.DIM, ids, 0, 7, 1, scratch);
    aug.apply(later, n, CifarBatch.DIM, ids, 0, 7, 2, scratch);
    assertArrayEquals(a, b);
    assertNotEquals(java.util.Arrays.hashCode(a), java.util.Arrays.hashCode(later));
    // Not every image drawn alike: 16 images with 2 x 9 x 9 outcomes each.
    java.util.Set<Integer> distinct = new java.util.HashSet<>();
    for (int j = 0; j < n; j++) {
      distinct.add(java.util.Arrays.hashCode(
          java.util.Arrays.copyOfRange(a, j * CifarBatch.DIM, (j + 1) * CifarBatch.DIM)));
    }
    assertTrue(distinct.size() > 8, distinct.size() + " distinct images");
    // Off changes nothing.
    float[] off = batch.clone();
    Augmentation.NONE.apply(off, n, CifarBatch.DIM, ids, 0, 7, 1, scratch);
    assertArrayEquals(batch, off);
  }

  @Test
  void aShiftBeyondAQuarterOfTheImageIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Augmentation(false, 9));
    assertTrue(e.getMessage().contains("got 9"), e.getMessage());
  }

  /** A batch whose images are padded apart is augmented image by image as a contiguous one. */
  @Test
  void paddedImagesAreAugmentedAsContiguousOnesAndThePaddingIsLeftAlone() {
    Augmentation aug = new Augmentation(true, 4);
    int n = 6;
    int stride = CifarBatch.DIM + 16;
    float[] contiguous = new float[n * CifarBatch.DIM];
    float[] padded = new float[n * stride];
    java.util.Arrays.fill(padded, -7f);
    for (int j = 0; j < n; j++) {
      System.arraycopy(labelled(), 0, contiguous, j * CifarBatch.DIM, CifarBatch.DIM);
      System.arraycopy(labelled(), 0, padded, j * stride, CifarBatch.DIM);
    }
    int[] ids = {5, 9, 2, 7, 1, 3};
    float[] scratch = new float[CifarBatch.DIM];
    aug.apply(contiguous, n, CifarBatch.DIM, ids, 0, 11, 2, scratch);
    aug.apply(padded, n, stride, ids, 0, 11, 2, scratch);
    for (int j = 0; j < n; j++) {
      assertArrayEquals(
          java.util.Arrays.copyOfRange(contiguous, j * CifarBatch.DIM, (j + 1) * CifarBatch.DIM),
          java.util.Arrays.copyOfRange(padded, j * stride, j * stride + CifarBatch.DIM),
          "image " + j);
      for (int i = j * stride + CifarBatch.DIM; i < (j + 1) * stride; i++) {
        assertEquals(-7f, padded[i], "padding after image " + j);
      }
    }
  }
}
