package org.bnsweep.results;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.bnsweep.params.ValueType;

/** The types of the results table's columns, in Parquet's terms and in Spark SQL's. */
public enum ColumnType {
  STRING("binary %s (STRING)", DataTypes.StringType),
  INT("int32 %s", DataTypes.IntegerType),
  LONG("int64 %s", DataTypes.LongType),
  DOUBLE("double %s", DataTypes.DoubleType),
  BOOLEAN("boolean %s", DataTypes.BooleanType),
  INT_LIST("group %s (LIST) { repeated group list { optional int32 element; } }",
      DataTypes.createArrayType(DataTypes.IntegerType)),
  TIMESTAMP("int64 %s (TIMESTAMP(MILLIS,true))", DataTypes.TimestampType),
  /** The per-epoch curve: a list of structs of {@link TrialColumns#CURVE} fields. */
  CURVE(null, null);

  private final String parquet;
  private final DataType spark;

  ColumnType(String parquet, DataType spark) {
    this.parquet = parquet;
    this.spark = spark;
  }

  /** The column's Parquet field declaration: "optional double lambda;". */
  String parquetField(String name) {
    if (this == CURVE) {
      StringBuilder s = new StringBuilder("optional group " + name
          + " (LIST) { repeated group list { optional group element {");
      for (TrialColumns.CurveField f : TrialColumns.CURVE) {
        s.append(' ').append(f.type().parquetField(f.name()));
      }
      return s.append(" } } }").toString();
    }
    return "optional " + parquet.formatted(name) + (this == INT_LIST ? "" : ";");
  }

  /** The column's Spark SQL type. */
  public DataType sparkType() {
    if (this == CURVE) {
      List<org.apache.spark.sql.types.StructField> fields = TrialColumns.CURVE.stream()
          .map(f -> DataTypes.createStructField(f.name(), f.type().sparkType(), true)).toList();
      return DataTypes.createArrayType(DataTypes.createStructType(fields));
    }
    return spark;
  }

  /** The column type of a hyperparameter's values. */
  static ColumnType of(ValueType.Storage storage) {
    return switch (storage) {
      case DOUBLE -> DOUBLE;
      case INT -> INT;
      case LONG -> LONG;
      case BOOLEAN -> BOOLEAN;
      case STRING -> STRING;
      case INT_LIST -> INT_LIST;
    };
  }
}
