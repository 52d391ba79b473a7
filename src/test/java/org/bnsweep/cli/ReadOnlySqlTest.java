package org.bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.catalyst.analysis.TableFunctionRegistry;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.CommandExecutionMode;
import org.apache.spark.sql.types.DataTypes;
import org.bnsweep.Fixtures;
import org.bnsweep.results.ResultsTable;
import org.bnsweep.results.TableSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code query} reads the trials view and nothing else, and never writes or calls Java, however
 * the statement is dressed up. Checked in a session as {@code query} makes it: the view
 * registered (empty here, with the table's schema), beside it another view, a file and a Scala
 * UDF that a statement must not reach.
 */
class ReadOnlySqlTest {
  @TempDir static Path dir;
  static SparkSession spark;
  /** A readable text file of two lines, not part of the table. */
  static Path file;

  @BeforeAll
  static void start() throws Exception {
    spark = Fixtures.sparkSession("local[1]");
    spark.createDataFrame(List.of(), TableSchema.spark()).createOrReplaceTempView(ResultsTable.VIEW);
    spark.range(3).createOrReplaceTempView("other");
    spark.udf().register("my_udf", (UDF1<String, String>) s -> s, DataTypes.StringType);
    file = Files.writeString(dir.resolve("secret.txt"), "line 1\nline 2\n");
  }

  @AfterAll
  static void stop() {
    Fixtures.stopSpark(spark);
  }

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
      "EXPLAIN SELECT * FROM trials", "EXPLAIN EXTENDED WITH x AS (SELECT 1) SELECT * FROM x",
      // Built-ins that Spark carries out with a static method of its own.
      "SELECT base64(stage), url_decode(stage), parse_json('{}'), to_json(named_struct('a', 1)),"
          + " luhn_check('79927398713'), try_url_decode(stage), upper(stage) FROM trials",
      "SELECT IDENTIFIER('up' || 'per')(stage), transform(hidden, x -> x * 2) FROM trials",
      "SELECT trial_id, count(*) OVER w FROM trials WINDOW w AS (PARTITION BY stage)"})
  void readsAreAccepted(String sql) {
    assertDoesNotThrow(() -> ReadOnlySql.check(spark, sql));
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
    assertRefused(sql);
  }

  /**
   * What only the analysed plan shows: a function whose name is computed, a named window, a
   * view or a file read as a table, a UDF; in queries, CTEs, subqueries and EXPLAIN.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT IDENTIFIER('java_' || 'method')('java.lang.System','getProperty','user.home')",
      "SELECT IDENTIFIER('ref' || 'lect')('java.lang.System', 'getProperty', 'user.home')",
      "SELECT IDENTIFIER('try_' || 'reflect')('java.lang.System', 'getProperty', 'user.home')",
      "SELECT trial_id, count(*) OVER w FROM trials"
          + " WINDOW w AS (PARTITION BY reflect('java.lang.System', 'getProperty', 'user.home'))",
      "WITH x AS (SELECT IDENTIFIER('reflect')('java.lang.System', 'exit', 1) AS y)"
          + " SELECT * FROM x",
      "SELECT * FROM trials WHERE stage IN"
          + " (SELECT IDENTIFIER('reflect')('java.lang.System', 'getProperty', 'user.home'))",
      "SELECT transform(array('user.home'),"
          + " x -> IDENTIFIER('java_method')('java.lang.System', 'getProperty', x))",
      "EXPLAIN SELECT IDENTIFIER('reflect')('java.lang.System', 'exit', 1)",
      "SELECT my_udf(stage) FROM trials",
      "SELECT * FROM other",
      "SELECT * FROM trials t JOIN other o ON t.depth = o.id",
      "SELECT count(*) FROM text.`FILE`",
      "SELECT * FROM json.`FILE`",
      "WITH x AS (SELECT * FROM csv.`FILE`) SELECT count(*) FROM x",
      "DESCRIBE QUERY SELECT * FROM text.`FILE`"})
  void whatOnlyTheAnalysedPlanShowsIsRefused(String sql) {
    assertRefused(sql.replace("FILE", file.toString()));
  }

  /**
   * Refused statements leave no trace: no table in the catalog or folder on disk, no setting,
   * no jar. Checked directly on the analysis too, with a positive control: the same statement
   * handled as {@code spark.sql} handles it does create its table, and the test sees it.
   */
  @Test
  void checkingAStatementRunsNothing() throws Exception {
    Path created = dir.resolve("created");
    Path jar = Files.write(dir.resolve("evil.jar"), new byte[0]);
    int jars = spark.sparkContext().listJars().size();
    for (String sql : List.of(
        "CREATE TABLE made (a int) USING parquet LOCATION '" + created + "'",
        "SET spark.bnsweep.probe = 1",
        "ADD JAR " + jar,
        "INSERT OVERWRITE DIRECTORY '" + created + "' USING parquet SELECT 1",
        "VALUES (reflect('java.lang.System', 'setProperty', 'bnsweep.probe', '1'))",
        "SELECT IDENTIFIER('reflect')('java.lang.System', 'setProperty', 'bnsweep.probe', '1')")) {
      assertRefused(sql);
    }
    assertFalse(spark.catalog().tableExists("made"));
    assertFalse(Files.exists(created));
    assertTrue(spark.conf().getOption("spark.bnsweep.probe").isEmpty());
    assertEquals(jars, spark.sparkContext().listJars().size());
    assertEquals(null, System.getProperty("bnsweep.probe"));

    String create = "CREATE TABLE made (a int) USING parquet LOCATION '" + created + "'";
    LogicalPlan parsed = spark.sessionState().sqlParser().parsePlan(create);
    ReadOnlySql.analyse(spark, parsed);
    assertFalse(spark.catalog().tableExists("made"), "analysing a command ran it");
    try {
      // What spark.sql does with a statement: analyse it and run it if it is a command.
      spark.sessionState().executePlan(parsed, CommandExecutionMode.ALL()).commandExecuted();
      assertTrue(spark.catalog().tableExists("made"), "the control did not create its table");
    } finally {
      spark.sql("DROP TABLE IF EXISTS made");
    }
  }

  /**
   * Every function of Spark's built-in registries was looked at for a call to a Java method or
   * class that the query names; only reflect, java_method and try_reflect make one (refused
   * above). A Spark upgrade that brings a function fails here until someone has looked at it
   * and added it to pins/spark-functions.txt (with 4.1.1's list, Spark 4.2.0's 44 new functions
   * failed it).
   */
  @Test
  void everyBuiltInFunctionWasReviewedForJavaCalls() throws IOException {
    Set<String> reviewed = new TreeSet<>(Files.readAllLines(
        Path.of("src/test/resources/pins/spark-functions.txt")).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#")).toList());
    Set<String> present = new TreeSet<>();
    for (FunctionIdentifier f : CollectionConverters.asJava(
        FunctionRegistry.builtin().listFunction())) {
      present.add(f.funcName());
    }
    for (FunctionIdentifier f : CollectionConverters.asJava(
        TableFunctionRegistry.builtin().listFunction())) {
      present.add("table " + f.funcName());
    }
    assertTrue(present.containsAll(List.of("reflect", "java_method", "try_reflect")),
        present.toString());
    present.removeAll(reviewed);
    assertEquals(Set.of(), present, "functions of this Spark not yet reviewed for Java calls"
        + " (see pins/spark-functions.txt)");
  }

  private static void assertRefused(String sql) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReadOnlySql.check(spark, sql));
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
        () -> ReadOnlySql.check(spark, sql));
    assertTrue(e.getMessage().startsWith("cannot parse \"" + sql + "\": ["), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }
}
