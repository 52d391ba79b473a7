package org.bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.execution.SparkSqlParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code query} reads and never writes, however the write is dressed up. Spark's parser only. */
class ReadOnlySqlTest {
  // The parser a SparkSession uses, without the session: parsing needs no Spark context.
  private static final SparkSqlParser PARSER = new SparkSqlParser();

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT stage, lambda, val_accuracy FROM trials ORDER BY val_accuracy DESC LIMIT 5",
      "select * from trials where status = 'ok'",
      "WITH best AS (SELECT * FROM trials WHERE status = 'ok') SELECT count(*) FROM best",
      "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3)"
          + " SELECT * FROM r",
      "SELECT stage, avg(val_accuracy) FROM trials GROUP BY stage HAVING count(*) > 1",
      "SELECT trial_id, rank() OVER (PARTITION BY stage ORDER BY val_accuracy DESC) FROM trials",
      "SELECT * FROM trials WHERE lambda IN (SELECT lambda FROM trials WHERE stage = 'fine')",
      "SELECT trial_id, c.epoch FROM trials LATERAL VIEW explode(curve) t AS c",
      "SELECT trial_id, e.* FROM trials, LATERAL (SELECT inline(curve)) e",
      "SELECT a.trial_id FROM trials a JOIN trials b ON a.lambda = b.lambda",
      "SELECT 1 UNION ALL SELECT 2 ORDER BY 1 LIMIT 1 OFFSET 1",
      "SELECT * FROM trials TABLESAMPLE (50 PERCENT)",
      "SELECT /*+ REPARTITION(2) */ DISTINCT stage FROM trials",
      "SELECT * FROM (SELECT stage, depth, seconds FROM trials) PIVOT (avg(seconds) FOR depth"
          + " IN (3, 9))",
      "FROM trials SELECT stage",
      "FROM trials |> WHERE status = 'ok' |> SELECT stage",
      "TABLE trials",
      "VALUES (1, 'a'), (2, 'b')",
      "SELECT * FROM range(3)",
      "SHOW TABLES", "SHOW VIEWS", "SHOW COLUMNS IN trials", "SHOW FUNCTIONS",
      "DESCRIBE trials", "DESC TABLE EXTENDED trials", "DESCRIBE trials hidden",
      "DESCRIBE FUNCTION percentile", "DESCRIBE QUERY SELECT * FROM trials",
      "EXPLAIN SELECT * FROM trials", "EXPLAIN EXTENDED WITH x AS (SELECT 1) SELECT * FROM x"})
  void readsAreAccepted(String sql) {
    assertDoesNotThrow(() -> ReadOnlySql.check(PARSER, sql));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "INSERT OVERWRITE DIRECTORY '/some/dir' USING parquet SELECT 1",
      "/* just a comment */ INSERT OVERWRITE DIRECTORY '/some/dir' USING parquet SELECT 1",
      "-- SELECT\nINSERT OVERWRITE DIRECTORY '/some/dir' USING parquet SELECT 1",
      "WITH x AS (SELECT 1) INSERT OVERWRITE DIRECTORY '/some/dir' USING parquet SELECT * FROM x",
      "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x",
      "FROM trials INSERT OVERWRITE DIRECTORY '/some/dir' SELECT *",
      "INSERT INTO t SELECT * FROM trials",
      "CREATE TABLE t (a int) USING parquet LOCATION '/some/dir'",
      "CREATE TABLE t USING parquet LOCATION '/some/dir' AS SELECT * FROM trials",
      "CREATE TEMPORARY VIEW v AS SELECT 1",
      "ADD JAR /tmp/evil.jar",
      "SET spark.sql.ansi.enabled = false",
      "CACHE TABLE trials",
      "DROP TABLE t",
      "DROP TABLE IDENTIFIER('t')",
      "TRUNCATE TABLE t",
      "LOAD DATA LOCAL INPATH '/some/dir' INTO TABLE t",
      "MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE",
      "EXECUTE IMMEDIATE 'INSERT INTO t SELECT 1'",
      "BEGIN INSERT INTO t SELECT 1; END",
      "EXPLAIN INSERT OVERWRITE DIRECTORY '/some/dir' USING parquet SELECT 1",
      "SELECT TRANSFORM(trial_id) USING 'rm -rf /some/dir' FROM trials",
      "SELECT reflect('java.lang.System', 'exit', 1)",
      "SELECT * FROM trials WHERE 1 IN (SELECT java_method('java.lang.System', 'exit', 1))",
      "WITH x AS (SELECT TRY_REFLECT('java.lang.System', 'exit', 1)) SELECT * FROM x"})
  void anythingButAReadIsRefusedInOneLineNamingTheStatement(String sql) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReadOnlySql.check(PARSER, sql));
    assertTrue(e.getMessage().startsWith("query is read-only: refused \""), e.getMessage());
    String oneLine = sql.strip().replaceAll("\\s+", " ");
    assertTrue(e.getMessage().contains(oneLine.substring(0, Math.min(oneLine.length(), 40))),
        e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"SELECT 1; DROP TABLE t", "SELEC 1", "INSERT OVERWRITE"})
  void whatDoesNotParseIsOneLineWithSparksReason(String sql) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReadOnlySql.check(PARSER, sql));
    assertTrue(e.getMessage().startsWith("cannot parse \"" + sql + "\": ["), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }
}
