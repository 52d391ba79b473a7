package org.bnsweep.sweep;

import java.util.ArrayList;
import java.util.List;
import org.bnsweep.params.Hyperparameter;
import org.bnsweep.params.Setting;
import org.bnsweep.params.TrialConfig;

/**
 * A search space in the coordinates TPE models it in: a range as its value (or the log of its
 * value on a log scale) between its bounds, a list as the index of its value.
 */
final class SpaceCoordinates {
  private final List<Axis> axes;

  SpaceCoordinates(List<Axis> axes) {
    for (Axis a : axes) {
      if (a.distribution() instanceof Distribution.Range r && r.aroundBest()) {
        throw new IllegalArgumentException(a.at() + ": around = best belongs in a refine stage");
      }
    }
    this.axes = List.copyOf(axes);
  }

  int size() {
    return axes.size();
  }

  boolean categorical(int a) {
    return axes.get(a).distribution() instanceof Distribution.Choices;
  }

  int choices(int a) {
    return ((Distribution.Choices) axes.get(a).distribution()).values().size();
  }

  double low(int a) {
    return categorical(a) ? 0 : scaled(range(a), Math.min(range(a).from(), range(a).to()));
  }

  double high(int a) {
    return categorical(a) ? choices(a) - 1
        : scaled(range(a), Math.max(range(a).from(), range(a).to()));
  }

  private Distribution.Range range(int a) {
    return (Distribution.Range) axes.get(a).distribution();
  }

  private static double scaled(Distribution.Range r, double x) {
    return r.log() ? Math.log(x) : x;
  }

  /** The coordinates of a trial's values, or null if one lies outside the space. */
  double[] of(TrialConfig config) {
    double[] x = new double[axes.size()];
    for (int a = 0; a < x.length; a++) {
      Axis axis = axes.get(a);
      if (axis.distribution() instanceof Distribution.Choices c) {
        int index = c.values().indexOf(current(config, axis.parameter()));
        if (index < 0) {
          return null;
        }
        x[a] = index;
      } else {
        x[a] = scaled(range(a), number(config, axis.parameter()));
      }
    }
    return x;
  }

  /** The settings at coordinates {@code x}. */
  List<Setting<?>> settings(double[] x) {
    List<Setting<?>> settings = new ArrayList<>();
    for (int a = 0; a < x.length; a++) {
      Axis axis = axes.get(a);
      if (axis.distribution() instanceof Distribution.Choices c) {
        settings.add(c.values().get((int) x[a]));
      } else {
        settings.add(axis.setting(range(a).log() ? Math.exp(x[a]) : x[a]));
      }
    }
    return settings;
  }

  private static <T> Setting<T> current(TrialConfig c, Hyperparameter<T> p) {
    return Setting.of(p, c.get(p));
  }

  private static <T> double number(TrialConfig c, Hyperparameter<T> p) {
    return p.type().toNumber(c.get(p));
  }
}
