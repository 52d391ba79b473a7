package org.bnsweep.params;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bnsweep.nn.Initialisation;
import org.bnsweep.nn.Precision;

/**
 * The kind of value a hyperparameter takes: how it is read from HOCON (strictly: a width of 50.7
 * or a flag of "true" is an error, not 50 or false), how it is stored in the results table, how
 * it is written in a trial's id, and, for numbers, how a range spans it.
 *
 * @param <T> the Java type of a value
 */
public abstract class ValueType<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ColumnType column;
  private final String expected;

  private ValueType(ColumnType column, String expected) {
    this.column = column;
    this.expected = expected;
  }

  /** How its values are stored in the table. */
  public final ColumnType column() {
    return column;
  }

  /** What a valid value looks like, for error messages: "a number such as 0.01". */
  public final String expected() {
    return expected;
  }

  /** Reads a HOCON value; throws IllegalArgumentException ("takes ..., got ...") otherwise. */
  public abstract T parse(ConfigValue v);

  /** The value as stored in the table and in JSON: Double, Integer, Long, Boolean, String, List. */
  public abstract Object toColumn(T value);

  /** The inverse of {@link #toColumn}. */
  public abstract T fromColumn(Object column);

  /** True for values that a range ({@code from}, {@code to}, {@code count}) can span. */
  public boolean numeric() {
    return false;
  }

  /** The value as a number, for refinements around it; throws if it has none (He). */
  public double toNumber(T value) {
    throw new IllegalStateException("not a number: " + value);
  }

  /** The value nearest to a number of a range. */
  public T fromNumber(double x) {
    throw new IllegalStateException("not a numeric type");
  }

  /** True if {@code value} can be written as a number (He initialisation cannot). */
  public boolean hasNumber(T value) {
    return numeric();
  }

  /** The text of the value in a trial's id: exact, so that distinct values give distinct ids. */
  public String canonical(T value) {
    return String.valueOf(toColumn(value));
  }

  /** The value as a user reads it in progress lines: 0.001, [50, 50], he. */
  public String show(T value) {
    return String.valueOf(toColumn(value));
  }

  final IllegalArgumentException wrong(ConfigValue v) {
    return new IllegalArgumentException("takes " + expected + ", got " + render(v));
  }

  static String render(ConfigValue v) {
    return v.valueType().name().toLowerCase(Locale.ROOT) + " " + v.render(ConfigRenderOptions.concise());
  }

  /** A finite real number. */
  public static final ValueType<Double> REAL = new ValueType<>(ColumnType.DOUBLE,
      "a number such as 0.01") {
    @Override
    public Double parse(ConfigValue v) {
      if (v.valueType() != ConfigValueType.NUMBER) {
        throw wrong(v);
      }
      double x = ((Number) v.unwrapped()).doubleValue();
      if (!Double.isFinite(x)) {
        throw wrong(v);
      }
      return x;
    }

    @Override
    public Object toColumn(Double value) {
      return value;
    }

    @Override
    public Double fromColumn(Object column) {
      return ((Number) column).doubleValue();
    }

    @Override
    public boolean numeric() {
      return true;
    }

    @Override
    public double toNumber(Double value) {
      return value;
    }

    @Override
    public Double fromNumber(double x) {
      return x;
    }

    @Override
    public String show(Double value) {
      return String.format(Locale.ROOT, "%.3g", value);
    }
  };

  /** A whole number that fits an int: 50.7 and 5e9 are errors, not 50 and a wrapped value. */
  public static final ValueType<Integer> WHOLE = new ValueType<>(ColumnType.INT,
      "a whole number such as 100") {
    @Override
    public Integer parse(ConfigValue v) {
      long n = wholeNumber(v, this);
      if (n != (int) n) {
        throw wrong(v);
      }
      return (int) n;
    }

    @Override
    public Object toColumn(Integer value) {
      return value;
    }

    @Override
    public Integer fromColumn(Object column) {
      return ((Number) column).intValue();
    }

    @Override
    public boolean numeric() {
      return true;
    }

    @Override
    public double toNumber(Integer value) {
      return value;
    }

    @Override
    public Integer fromNumber(double x) {
      return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(x)));
    }
  };

  /** A whole number that fits a long (seeds). */
  public static final ValueType<Long> LONG = new ValueType<>(ColumnType.LONG,
      "a whole number such as 1") {
    @Override
    public Long parse(ConfigValue v) {
      return wholeNumber(v, this);
    }

    @Override
    public Object toColumn(Long value) {
      return value;
    }

    @Override
    public Long fromColumn(Object column) {
      return ((Number) column).longValue();
    }

    @Override
    public boolean numeric() {
      return true;
    }

    @Override
    public double toNumber(Long value) {
      return value;
    }

    @Override
    public Long fromNumber(double x) {
      return Math.round(x);
    }
  };

  /** true or false (not the string "true"). */
  public static final ValueType<Boolean> FLAG = new ValueType<>(ColumnType.BOOLEAN,
      "true or false") {
    @Override
    public Boolean parse(ConfigValue v) {
      if (v.valueType() != ConfigValueType.BOOLEAN) {
        throw wrong(v);
      }
      return (Boolean) v.unwrapped();
    }

    @Override
    public Object toColumn(Boolean value) {
      return value;
    }

    @Override
    public Boolean fromColumn(Object column) {
      return (Boolean) column;
    }
  };

  /** A list of whole numbers: layer widths. */
  public static final ValueType<List<Integer>> WIDTHS = new ValueType<>(ColumnType.INT_LIST,
      "a list of widths such as [50, 50]") {
    @Override
    public List<Integer> parse(ConfigValue v) {
      if (!(v instanceof com.typesafe.config.ConfigList list)) {
        throw wrong(v);
      }
      List<Integer> widths = new ArrayList<>();
      for (ConfigValue w : list) {
        try {
          widths.add(WHOLE.parse(w));
        } catch (IllegalArgumentException e) {
          throw wrong(v);
        }
      }
      return List.copyOf(widths);
    }

    @Override
    public Object toColumn(List<Integer> value) {
      return value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Integer> fromColumn(Object column) {
      List<Integer> widths = new ArrayList<>();
      for (Object o : (List<Object>) column) {
        widths.add(((Number) o).intValue());
      }
      return List.copyOf(widths);
    }
  };

  /** "he", or a number: the sigma of N(0, sigma^2). A range of it is a range of sigma. */
  public static final ValueType<Initialisation> INIT = new ValueType<>(ColumnType.STRING,
      "\"he\" or a sigma such as 1e-4") {
    @Override
    public Initialisation parse(ConfigValue v) {
      if (v.valueType() == ConfigValueType.STRING
          && ((String) v.unwrapped()).trim().equalsIgnoreCase("he")) {
        return Initialisation.HE;
      }
      if (v.valueType() != ConfigValueType.NUMBER) {
        throw wrong(v);
      }
      return Initialisation.gaussian(((Number) v.unwrapped()).doubleValue());
    }

    @Override
    public Object toColumn(Initialisation value) {
      return value.toString();
    }

    @Override
    public Initialisation fromColumn(Object column) {
      String s = (String) column;
      return s.equals("he") ? Initialisation.HE : Initialisation.gaussian(Double.parseDouble(s));
    }

    @Override
    public boolean numeric() {
      return true;
    }

    @Override
    public boolean hasNumber(Initialisation value) {
      return value instanceof Initialisation.Gaussian;
    }

    @Override
    public double toNumber(Initialisation value) {
      if (value instanceof Initialisation.Gaussian g) {
        return g.sigma();
      }
      throw new IllegalStateException("He initialisation has no sigma");
    }

    @Override
    public Initialisation fromNumber(double x) {
      return Initialisation.gaussian(x);
    }
  };

  /** single, double or single-all. */
  public static final ValueType<Precision> PRECISION = new ValueType<>(ColumnType.STRING,
      "single, double or single-all") {
    @Override
    public Precision parse(ConfigValue v) {
      if (v.valueType() != ConfigValueType.STRING) {
        throw wrong(v);
      }
      try {
        return Precision.ofLabel((String) v.unwrapped());
      } catch (IllegalArgumentException e) {
        throw wrong(v);
      }
    }

    @Override
    public Object toColumn(Precision value) {
      return value.label();
    }

    @Override
    public Precision fromColumn(Object column) {
      return Precision.ofLabel((String) column);
    }
  };

  private static long wholeNumber(ConfigValue v, ValueType<?> type) {
    if (v.valueType() != ConfigValueType.NUMBER) {
      throw type.wrong(v);
    }
    Object n = v.unwrapped();
    if (n instanceof Integer || n instanceof Long) {
      return ((Number) n).longValue();
    }
    // A double such as 1e2 is whole when it has no fraction and fits a long exactly.
    try {
      return new BigDecimal(v.render()).longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw type.wrong(v);
    }
  }
}
