package org.bnsweep.params;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.bnsweep.nn.Initialisation;
import org.bnsweep.nn.Precision;

/**
 * The kind of value a hyperparameter takes: how it is read from HOCON (strictly: a width of 50.7
 * or a flag of "true" is an error, not 50 or false), how it is stored in the results table (its
 * column value, whose text is also the value's text in a trial's id), how it is shown, and, for
 * numbers, how a range spans it. Values stored as strings are stored as their {@code toString}:
 * "he" or the sigma, a precision's label.
 *
 * @param <T> the Java type of a value
 * @param column how its values are stored in the table
 * @param expected what a valid value looks like, for error messages: "a number such as 0.01"
 * @param reader the value a HOCON value gives, or null if it gives none
 * @param columnReader the inverse of {@link #toColumn}
 * @param nearest the value nearest to a number of a range; null if a range cannot span the type
 */
public record ValueType<T>(ColumnType column, String expected, Function<ConfigValue, T> reader,
    Function<Object, T> columnReader, DoubleFunction<T> nearest) {

  /** A finite real number. */
  public static final ValueType<Double> REAL = new ValueType<>(ColumnType.DOUBLE,
      "a number such as 0.01", v -> finite(number(v)), c -> ((Number) c).doubleValue(), x -> x);

  /** A whole number that fits an int: 50.7 and 5e9 are errors, not 50 and a wrapped value. */
  public static final ValueType<Integer> WHOLE = new ValueType<>(ColumnType.INT,
      "a whole number such as 100", ValueType::wholeInt, c -> ((Number) c).intValue(),
      x -> (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(x))));

  /** A whole number that fits a long (seeds). */
  public static final ValueType<Long> LONG = new ValueType<>(ColumnType.LONG,
      "a whole number such as 1", ValueType::whole, c -> ((Number) c).longValue(), Math::round);

  /** true or false (not the string "true"). */
  public static final ValueType<Boolean> FLAG = new ValueType<>(ColumnType.BOOLEAN,
      "true or false", v -> v.valueType() == ConfigValueType.BOOLEAN ? (Boolean) v.unwrapped()
          : null, c -> (Boolean) c, null);

  /** A list of whole numbers: layer widths. */
  public static final ValueType<List<Integer>> WIDTHS = new ValueType<>(ColumnType.INT_LIST,
      "a list of widths such as [50, 50]", ValueType::widths,
      c -> List.copyOf(((List<?>) c).stream().map(w -> ((Number) w).intValue()).toList()), null);

  /** "he", or a number: the sigma of N(0, sigma^2). A range of it is a range of sigma. */
  public static final ValueType<Initialisation> INIT = new ValueType<>(ColumnType.STRING,
      "\"he\" or a sigma such as 1e-4", ValueType::init,
      c -> c.equals("he") ? Initialisation.HE : Initialisation.gaussian(Double.parseDouble(
          (String) c)), Initialisation::gaussian);

  /** single, double or single-all. */
  public static final ValueType<Precision> PRECISION = new ValueType<>(ColumnType.STRING,
      "single, double or single-all", v -> Stream.of(Precision.values())
          .filter(p -> p.label().equals(v.unwrapped())).findFirst().orElse(null),
      c -> Precision.ofLabel((String) c), null);

  /** Reads a HOCON value; throws IllegalArgumentException ("takes ..., got ...") otherwise. */
  public T parse(ConfigValue v) {
    T value = reader.apply(v);
    if (value == null) {
      throw new IllegalArgumentException("takes " + expected + ", got "
          + v.valueType().name().toLowerCase(Locale.ROOT) + " "
          + v.render(ConfigRenderOptions.concise()));
    }
    return value;
  }

  /** The value as stored in the table and in JSON: Double, Integer, Long, Boolean, String, List. */
  public Object toColumn(T value) {
    return column == ColumnType.STRING ? value.toString() : value;
  }

  /** The inverse of {@link #toColumn}. */
  public T fromColumn(Object stored) {
    return columnReader.apply(stored);
  }

  /** The text of the value in a trial's id: exact, so that distinct values give distinct ids. */
  public String canonical(T value) {
    return String.valueOf(toColumn(value));
  }

  /** The value as a user reads it in progress lines: 0.001 (three digits), [50, 50], he. */
  public String show(T value) {
    return column == ColumnType.DOUBLE ? String.format(Locale.ROOT, "%.3g", value)
        : canonical(value);
  }

  /** True for values that a range ({@code from}, {@code to}, {@code count}) can span. */
  public boolean numeric() {
    return nearest != null;
  }

  /** True if {@code value} can be written as a number (He initialisation cannot). */
  public boolean hasNumber(T value) {
    return numeric() && (value instanceof Number || value instanceof Initialisation.Gaussian);
  }

  /** The value as a number, for refinements around it; throws if it has none (He). */
  public double toNumber(T value) {
    if (!hasNumber(value)) {
      throw new IllegalStateException("not a number: " + value);
    }
    return value instanceof Initialisation.Gaussian g ? g.sigma() : ((Number) value).doubleValue();
  }

  /** The value nearest to a number of a range; for {@link #numeric} types only. */
  public T fromNumber(double x) {
    return nearest.apply(x);
  }

  private static Double number(ConfigValue v) {
    return v.valueType() == ConfigValueType.NUMBER ? ((Number) v.unwrapped()).doubleValue() : null;
  }

  private static Double finite(Double x) {
    return x != null && Double.isFinite(x) ? x : null;
  }

  /** A whole number that fits a long: 1e2 is 100; 50.7 and 1e19 are none. */
  private static Long whole(ConfigValue v) {
    if (v.valueType() != ConfigValueType.NUMBER) {
      return null;
    }
    if (v.unwrapped() instanceof Integer || v.unwrapped() instanceof Long) {
      return ((Number) v.unwrapped()).longValue();
    }
    try {
      return new BigDecimal(v.render()).longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      return null;
    }
  }

  private static Integer wholeInt(ConfigValue v) {
    Long n = whole(v);
    return n != null && n == n.intValue() ? n.intValue() : null;
  }

  private static List<Integer> widths(ConfigValue v) {
    if (!(v instanceof ConfigList list)) {
      return null;
    }
    List<Integer> widths = list.stream().map(ValueType::wholeInt).filter(Objects::nonNull).toList();
    return widths.size() == list.size() ? List.copyOf(widths) : null;
  }

  /** He for "he" in any case; a number is a sigma (which Initialisation checks). */
  private static Initialisation init(ConfigValue v) {
    if (v.valueType() == ConfigValueType.STRING) {
      return ((String) v.unwrapped()).trim().equalsIgnoreCase("he") ? Initialisation.HE : null;
    }
    Double sigma = number(v);
    return sigma == null ? null : Initialisation.gaussian(sigma);
  }
}
