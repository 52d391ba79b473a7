package org.bnsweep.results;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.bnsweep.params.ColumnType;

/**
 * The table's schema as Spark SQL reads it: the declared columns ({@link TrialColumns}), every
 * one nullable, and the {@code sweep} partition column (a string, whatever a sweep's name looks
 * like). Reading with it rather than with the schema of whichever file Spark opens first gives
 * every row the current writer's columns: a file written before a column existed reads with
 * nulls there.
 */
public final class TableSchema {
  static final String SWEEP = "sweep";

  private TableSchema() {}

  public static StructType spark() {
    return TrialColumns.sparkSchema().add(SWEEP, DataTypes.StringType, true);
  }

  /** A column type as Spark SQL's. */
  static DataType sparkType(ColumnType type) {
    return switch (type) {
      case STRING -> DataTypes.StringType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
      case TIMESTAMP -> DataTypes.TimestampType;
      case INT_LIST -> DataTypes.createArrayType(DataTypes.IntegerType);
      case CURVE -> DataTypes.createArrayType(DataTypes.createStructType(TrialColumns.CURVE.stream()
          .map(f -> DataTypes.createStructField(f.name(), sparkType(f.type()), true)).toList()));
    };
  }
}
