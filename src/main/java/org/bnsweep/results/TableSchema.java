package org.bnsweep.results;

import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The table's schema as Spark SQL reads it: {@link TrialParquet#SCHEMA} converted as Spark
 * converts a Parquet file's own schema, every column nullable, and the {@code sweep} partition
 * column (a string, whatever a sweep's name looks like). Reading with it rather than with the
 * schema of whichever file Spark opens first gives every row the current writer's columns: a
 * file written before a column existed reads with nulls there.
 */
final class TableSchema {
  static final String SWEEP = "sweep";

  private TableSchema() {}

  static StructType spark() {
    StructType data = new ParquetToSparkSchemaConverter(SQLConf.get()).convert(TrialParquet.SCHEMA);
    // Nullable throughout: Spark refuses to read a file that lacks a column declared required.
    return ((StructType) nullable(data)).add(SWEEP, DataTypes.StringType, true);
  }

  private static DataType nullable(DataType type) {
    if (type instanceof StructType struct) {
      StructField[] fields = struct.fields().clone();
      for (int i = 0; i < fields.length; i++) {
        StructField f = fields[i];
        fields[i] = new StructField(f.name(), nullable(f.dataType()), true, f.metadata());
      }
      return new StructType(fields);
    }
    if (type instanceof ArrayType array) {
      return new ArrayType(nullable(array.elementType()), true);
    }
    if (type instanceof MapType map) {
      return new MapType(map.keyType(), nullable(map.valueType()), true);
    }
    return type;
  }
}
