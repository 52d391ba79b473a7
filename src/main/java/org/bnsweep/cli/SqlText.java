package org.bnsweep.cli;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A value of a Spark SQL row as a SQL shell shows it: {@code NULL}, {@code [50, 50]},
 * {@code {epoch: 1, updates: 100}}, timestamps in the session's time zone. Within a width
 * budget, long arrays keep their first items and say how many there are
 * ({@code [{epoch: 1, updates: 100, ...}, ... 30 items]}), long structs their first fields and
 * long strings their start. Needs no SparkSession: only the values and their types.
 */
final class SqlText {
  static final String NULL = "NULL";
  private static final String MORE = "...";
  private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .toFormatter();

  private final ZoneId zone;

  /** @param zone the session's time zone, in which Spark shows timestamps */
  SqlText(ZoneId zone) {
    this.zone = zone;
  }

  /** The whole value, however long. */
  String full(Object value, DataType type) {
    return text(value, type, Integer.MAX_VALUE, true);
  }

  /** The value in at most {@code width} characters (at least 16), shortened as described. */
  String shortened(Object value, DataType type, int width) {
    if (width < 16) {
      throw new IllegalArgumentException("cell width must be >= 16, got " + width);
    }
    return text(value, type, width, true);
  }

  /**
   * The value within {@code budget} characters, or null if it does not fit and may not be
   * shortened ({@code mayShorten} false: the second and later items of an array are shown whole
   * or not at all, so that no array shows two cut items).
   */
  private String text(Object value, DataType type, int budget, boolean mayShorten) {
    if (value == null) {
      return fit(NULL, budget, false);
    }
    if (type instanceof ArrayType array) {
      return array(items(value), array.elementType(), budget, mayShorten);
    }
    if (type instanceof StructType struct && value instanceof Row row) {
      return struct(row, struct, budget, mayShorten);
    }
    if (type instanceof MapType map && value instanceof scala.collection.Map<?, ?> m) {
      List<String> entries = new ArrayList<>();
      m.foreach(e -> entries.add(full(e._1(), map.keyType()) + " -> "
          + full(e._2(), map.valueType())));
      return fit("{" + String.join(", ", entries) + "}", budget, mayShorten);
    }
    return fit(scalar(value), budget, mayShorten);
  }

  private static List<?> items(Object value) {
    if (value instanceof scala.collection.Seq<?> seq) {
      return scala.jdk.javaapi.CollectionConverters.asJava(seq);
    }
    if (value instanceof List<?> list) {
      return list;
    }
    throw new IllegalArgumentException("not an array value: " + value.getClass().getName());
  }

  private String array(List<?> items, DataType type, int budget, boolean mayShorten) {
    List<String> whole = new ArrayList<>();
    for (Object item : items) {
      whole.add(full(item, type));
    }
    String all = "[" + String.join(", ", whole) + "]";
    if (all.length() <= budget) {
      return all;
    }
    if (!mayShorten) {
      return null;
    }
    String tail = MORE + " " + items.size() + (items.size() == 1 ? " item]" : " items]");
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < items.size(); i++) {
      String separator = i == 0 ? "" : ", ";
      int room = budget - sb.length() - separator.length() - ", ".length() - tail.length();
      String item = room <= 0 ? null : text(items.get(i), type, room, i == 0);
      if (item == null) {
        break;
      }
      sb.append(separator).append(item);
    }
    return sb.append(sb.length() == 1 ? "" : ", ").append(tail).toString();
  }

  private String struct(Row row, StructType type, int budget, boolean mayShorten) {
    StructField[] fields = type.fields();
    List<String> whole = new ArrayList<>();
    for (int i = 0; i < fields.length; i++) {
      whole.add(fields[i].name() + ": " + full(row.get(i), fields[i].dataType()));
    }
    String all = "{" + String.join(", ", whole) + "}";
    if (all.length() <= budget) {
      return all;
    }
    if (!mayShorten) {
      return null;
    }
    // The first fields that fit whole, then "...": a struct cut inside a field reads wrong.
    StringBuilder sb = new StringBuilder("{");
    String tail = MORE + "}";
    for (String field : whole) {
      String separator = sb.length() == 1 ? "" : ", ";
      if (sb.length() + separator.length() + field.length() + ", ".length() + tail.length()
          > budget) {
        break;
      }
      sb.append(separator).append(field);
    }
    return sb.length() == 1 ? null : sb.append(", ").append(tail).toString();
  }

  private static String fit(String s, int budget, boolean mayShorten) {
    if (s.length() <= budget) {
      return s;
    }
    return mayShorten && budget > MORE.length() + 1
        ? s.substring(0, budget - MORE.length()) + MORE : null;
  }

  private String scalar(Object value) {
    if (value instanceof Timestamp t) {
      return TIMESTAMP.format(t.toInstant().atZone(zone));
    }
    if (value instanceof Instant t) {
      return TIMESTAMP.format(t.atZone(zone));
    }
    if (value instanceof LocalDateTime t) {
      return TIMESTAMP.format(t);
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof byte[] bytes) {
      return "X'" + HexFormat.of().withUpperCase().formatHex(bytes) + "'";
    }
    // Strings on one line, so that a message with line breaks keeps the table's rows intact.
    return String.valueOf(value).replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ')
        .replace('\t', ' ');
  }
}
