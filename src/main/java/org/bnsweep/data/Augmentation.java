package org.bnsweep.data;

import java.util.SplittableRandom;

/**
 * Data augmentation of CIFAR-10 images in the training loop: a random horizontal flip and a
 * random translation of up to {@code shift} pixels in each direction, the uncovered border
 * filled with zeros (the training set's mean pixel, since the images are normalised). Each
 * image's draw is a pure function of the seed, the epoch and the image's index in the training
 * set, so a trial is reproducible bit for bit and a run continued from a checkpoint draws what a
 * run that never stopped drew, without any random state to save.
 *
 * <p>Images are {@link CifarBatch#DIM} floats, channel after channel, each channel 32 rows of 32
 * pixels (row-major), as the binary files hold them.
 *
 * @param flip flip each image horizontally with probability 1/2
 * @param shift largest translation in pixels, in each direction and axis; 0 for none
 */
public record Augmentation(boolean flip, int shift) {
  public static final int SIDE = 32;
  public static final int CHANNELS = 3;
  /** The largest shift allowed: a quarter of the image. */
  public static final int MAX_SHIFT = SIDE / 4;

  public static final Augmentation NONE = new Augmentation(false, 0);

  public Augmentation {
    if (shift < 0 || shift > MAX_SHIFT) {
      throw new IllegalArgumentException("augmentation shift must be in [0, " + MAX_SHIFT
          + "] pixels, got " + shift);
    }
  }

  public boolean enabled() {
    return flip || shift > 0;
  }

  /**
   * Augments the {@code n} images in {@code images} (column-major, {@link CifarBatch#DIM} x n,
   * image {@code j} starting at {@code j * stride}), image {@code j} being image
   * {@code ids[from + j]} of the training set, as drawn for {@code epoch} from {@code seed};
   * mutates {@code images}. {@code scratch} holds one image.
   */
  public void apply(float[] images, int n, int stride, int[] ids, int from, long seed, int epoch,
      float[] scratch) {
    if (!enabled()) {
      return;
    }
    for (int j = 0; j < n; j++) {
      SplittableRandom rng = new SplittableRandom(mix(seed, epoch, ids[from + j]));
      boolean mirror = flip && rng.nextBoolean();
      int dx = shift > 0 ? rng.nextInt(-shift, shift + 1) : 0;
      int dy = shift > 0 ? rng.nextInt(-shift, shift + 1) : 0;
      transform(images, j * stride, mirror, dx, dy, scratch);
    }
  }

  /**
   * Writes into the image at {@code offset}: pixel (row y, column x) becomes the source pixel
   * (y - dy, x' - dx), where x' is x, or 31 - x mirrored (the flip comes first, then the
   * translation), and 0 where that lies outside the image. Mutates images and scratch.
   */
  static void transform(float[] images, int offset, boolean mirror, int dx, int dy,
      float[] scratch) {
    System.arraycopy(images, offset, scratch, 0, CifarBatch.DIM);
    for (int c = 0; c < CHANNELS; c++) {
      int plane = c * SIDE * SIDE;
      for (int y = 0; y < SIDE; y++) {
        int sy = y - dy;
        int row = offset + plane + y * SIDE;
        if (sy < 0 || sy >= SIDE) {
          java.util.Arrays.fill(images, row, row + SIDE, 0f);
          continue;
        }
        int source = plane + sy * SIDE;
        for (int x = 0; x < SIDE; x++) {
          int sx = x - dx;
          if (sx < 0 || sx >= SIDE) {
            images[row + x] = 0f;
          } else {
            images[row + x] = scratch[source + (mirror ? SIDE - 1 - sx : sx)];
          }
        }
      }
    }
  }

  /**
   * A 64-bit seed from a seed and two counters (SplitMix64's finaliser over a running hash):
   * the seed of one image's draw in one epoch here, of one update's dropout masks in training.
   */
  public static long mix(long seed, long a, long b) {
    long h = seed;
    h = finish(h + 0x9E3779B97F4A7C15L * (a + 1));
    h = finish(h + 0xC2B2AE3D27D4EB4FL * (b + 1));
    return h;
  }

  private static long finish(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
