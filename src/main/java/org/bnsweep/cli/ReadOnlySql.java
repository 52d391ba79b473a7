package org.bnsweep.cli;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.ResolvedInlineTable;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedHaving;
import org.apache.spark.sql.catalyst.analysis.UnresolvedInlineTable;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedSubqueryColumnAliases;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTVFAliases;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.expressions.CallMethodViaReflection;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.PipeOperator;
import org.apache.spark.sql.catalyst.expressions.TryReflect;
import org.apache.spark.sql.catalyst.expressions.UserDefinedExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.V2Aggregator;
import org.apache.spark.sql.catalyst.expressions.objects.InvokeLike;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.QueryPlan;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.CTERelationRef;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.Deduplicate;
import org.apache.spark.sql.catalyst.plans.logical.DescribeColumn;
import org.apache.spark.sql.catalyst.plans.logical.DescribeFunction;
import org.apache.spark.sql.catalyst.plans.logical.DescribeRelation;
import org.apache.spark.sql.catalyst.plans.logical.Distinct;
import org.apache.spark.sql.catalyst.plans.logical.Except;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.Generate;
import org.apache.spark.sql.catalyst.plans.logical.GlobalLimit;
import org.apache.spark.sql.catalyst.plans.logical.Intersect;
import org.apache.spark.sql.catalyst.plans.logical.Join;
import org.apache.spark.sql.catalyst.plans.logical.LateralJoin;
import org.apache.spark.sql.catalyst.plans.logical.LocalLimit;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Offset;
import org.apache.spark.sql.catalyst.plans.logical.OneRowRelation;
import org.apache.spark.sql.catalyst.plans.logical.Pivot;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.Range;
import org.apache.spark.sql.catalyst.plans.logical.RebalancePartitions;
import org.apache.spark.sql.catalyst.plans.logical.Repartition;
import org.apache.spark.sql.catalyst.plans.logical.RepartitionByExpression;
import org.apache.spark.sql.catalyst.plans.logical.Sample;
import org.apache.spark.sql.catalyst.plans.logical.ScriptTransformation;
import org.apache.spark.sql.catalyst.plans.logical.ShowColumns;
import org.apache.spark.sql.catalyst.plans.logical.ShowCreateTable;
import org.apache.spark.sql.catalyst.plans.logical.ShowFunctions;
import org.apache.spark.sql.catalyst.plans.logical.ShowPartitions;
import org.apache.spark.sql.catalyst.plans.logical.ShowTableProperties;
import org.apache.spark.sql.catalyst.plans.logical.ShowTables;
import org.apache.spark.sql.catalyst.plans.logical.ShowTablesExtended;
import org.apache.spark.sql.catalyst.plans.logical.ShowViews;
import org.apache.spark.sql.catalyst.plans.logical.Sort;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.Tail;
import org.apache.spark.sql.catalyst.plans.logical.Union;
import org.apache.spark.sql.catalyst.plans.logical.UnionLoopRef;
import org.apache.spark.sql.catalyst.plans.logical.Unpivot;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedHint;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import org.apache.spark.sql.catalyst.plans.logical.View;
import org.apache.spark.sql.catalyst.plans.logical.Window;
import org.apache.spark.sql.catalyst.plans.logical.WithWindowDefinition;
import org.apache.spark.sql.execution.CommandExecutionMode;
import org.apache.spark.sql.execution.command.DescribeQueryCommand;
import org.apache.spark.sql.execution.command.ExplainCommand;
import org.apache.spark.sql.execution.command.ShowCatalogsCommand;
import org.apache.spark.sql.execution.command.ShowCurrentNamespaceCommand;
import org.apache.spark.sql.execution.command.ShowNamespacesCommand;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.bnsweep.results.ResultsTable;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Lets through only statements that read the {@code trials} view: a query (SELECT, WITH ...
 * SELECT, VALUES, TABLE), SHOW and DESCRIBE of tables, views and functions, and EXPLAIN or
 * DESCRIBE QUERY of a query.
 *
 * <p>Two checks, the second on what Spark will run. <b>The parsed plan</b>, CTE definitions and
 * subqueries included, must be made of the relational operators of {@link #QUERY_NODES}: a
 * keyword check is fooled by {@code /* *&#47; INSERT ...} or {@code WITH x AS (...) INSERT
 * ...}, a plan is not; so anything else (an insert, a command, a CTAS, a script TRANSFORM that
 * runs a program, an EXECUTE IMMEDIATE, a SQL script) is refused before Spark analyses it, as is
 * a table named by a path ({@code text.`/etc/passwd`}), whose analysis would open the file.
 * <b>The analysed plan</b>, in which Spark has resolved every function and relation, is then
 * walked: the parsed one cannot see that {@code IDENTIFIER('java_' || 'method')(...)} is {@code
 * java_method}, nor what a named window or a view expands to. It may read no relation but the
 * {@code trials} view, the CTEs and inline rows of the query itself, and may call no expression
 * that runs a Java method (see {@link #JAVA_CALLS}). Analysis runs with commands skipped ({@link
 * #analyse}), so that checking a statement never runs it.
 *
 * <p>An operator or relation Spark adds later is refused until it is listed: a refused read is
 * a nuisance, an accepted write is not undone.
 */
final class ReadOnlySql {
  /** Operators a read-only query is made of, as the parser produces them. */
  private static final Set<Class<?>> QUERY_NODES = Set.of(
      Project.class,
      Filter.class,
      Aggregate.class,
      Join.class,
      LateralJoin.class,
      Sort.class,
      GlobalLimit.class,
      LocalLimit.class,
      Offset.class,
      Tail.class,
      Union.class,
      Intersect.class,
      Except.class,
      Distinct.class,
      Deduplicate.class,
      SubqueryAlias.class,
      OneRowRelation.class,
      LocalRelation.class,
      Range.class,
      Window.class,
      WithWindowDefinition.class,
      Generate.class,
      Pivot.class,
      Unpivot.class,
      Sample.class,
      Repartition.class,
      RepartitionByExpression.class,
      RebalancePartitions.class,
      UnresolvedHint.class,
      UnresolvedWith.class,
      PipeOperator.class,
      UnresolvedRelation.class,
      UnresolvedInlineTable.class,
      UnresolvedTableValuedFunction.class,
      UnresolvedTVFAliases.class,
      UnresolvedSubqueryColumnAliases.class,
      UnresolvedHaving.class);

  /** Statements that only show the catalog: the root of their plan, children not walked. */
  private static final Set<Class<?>> CATALOG_READS = Set.of(
      ShowTables.class,
      ShowTablesExtended.class,
      ShowViews.class,
      ShowColumns.class,
      ShowFunctions.class,
      ShowCreateTable.class,
      ShowTableProperties.class,
      ShowPartitions.class,
      DescribeRelation.class,
      DescribeColumn.class,
      DescribeFunction.class,
      ShowNamespacesCommand.class,
      ShowCatalogsCommand.class,
      ShowCurrentNamespaceCommand.class);

  /** Functions that call a Java method named in the query, refused as soon as parsed. */
  private static final Set<String> JAVA_FUNCTIONS = Set.of("reflect", "java_method",
      "try_reflect");

  /**
   * Resolved expressions that run a Java method: reflect, java_method and try_reflect; the
   * object expressions ({@code Invoke}, {@code StaticInvoke}, {@code NewInstance}); and every
   * user-defined function (Scala and Java UDFs, UDAFs and Aggregators, Python UDFs, functions
   * of a V2 catalog). Spark's built-in functions that are carried out by a static method (such
   * as {@code base64} or {@code url_decode}) keep that call in a replacement which is not a
   * child of the analysed expression, so they pass: their method is Spark's, not the query's.
   */
  private static final List<Class<?>> JAVA_CALLS = List.of(CallMethodViaReflection.class,
      TryReflect.class, InvokeLike.class, UserDefinedExpression.class, V2Aggregator.class);

  /** Relations of an analysed query that hold only what the query itself wrote down. */
  private static final Set<Class<?>> OWN_RELATIONS = Set.of(OneRowRelation.class,
      LocalRelation.class, ResolvedInlineTable.class, Range.class, CTERelationRef.class,
      UnionLoopRef.class);

  private ReadOnlySql() {}

  /**
   * Throws {@link IllegalArgumentException} unless {@code sql} parses and only reads the
   * {@code trials} view, which must already be registered in {@code spark}; an {@code
   * AnalysisException} (an unknown column, a missing table) reaches the caller as Spark threw it.
   *
   * @param spark the session the statement will run in: its parser knows the statements of the
   *     session's extensions, its analyser the session's functions
   */
  static void check(SparkSession spark, String sql) {
    LogicalPlan plan;
    try {
      plan = spark.sessionState().sqlParser().parsePlan(sql);
    } catch (ParseException e) {
      // Spark's message continues with the statement and a caret under the error; the first
      // line names the error and its position.
      throw new IllegalArgumentException("cannot parse \"" + abbreviate(sql) + "\": "
          + e.getMessage().strip().lines().findFirst().orElse(""), e);
    }
    String refused = refusal(plan);
    if (refused == null) {
      refused = analysedRefusal(spark, plan);
    }
    if (refused != null) {
      throw new IllegalArgumentException("query is read-only: refused \"" + abbreviate(sql)
          + "\" (" + refused + "); use SELECT, WITH ... SELECT, SHOW, DESCRIBE or EXPLAIN");
    }
  }

  /** What makes the parsed plan more than a read, or null if it may be analysed. */
  static String refusal(LogicalPlan plan) {
    if (CATALOG_READS.contains(plan.getClass())) {
      return null;
    }
    if (plan instanceof ExplainCommand explain) {
      return refusal(explain.logicalPlan());
    }
    if (plan instanceof DescribeQueryCommand describe) {
      return refusal(describe.plan());
    }
    return queryRefusal(plan);
  }

  /**
   * Spark's analysis of a parsed plan, with commands skipped: a {@code QueryExecution} in
   * {@code ALL} mode (what {@code spark.sql} makes) runs a command as part of its analysis.
   */
  static LogicalPlan analyse(SparkSession spark, LogicalPlan parsed) {
    return spark.sessionState().executePlan(parsed, CommandExecutionMode.SKIP()).analyzed();
  }

  /** What makes the analysed statement more than a read of trials, or null if it only reads. */
  private static String analysedRefusal(SparkSession spark, LogicalPlan parsed) {
    if (CATALOG_READS.contains(parsed.getClass())) {
      return null;
    }
    if (parsed instanceof ExplainCommand explain) {
      return analysedRefusal(spark, explain.logicalPlan());
    }
    if (parsed instanceof DescribeQueryCommand describe) {
      return analysedRefusal(spark, describe.plan());
    }
    return analysedRefusal(analyse(spark, parsed));
  }

  static String analysedRefusal(LogicalPlan plan) {
    if (plan instanceof Command || plan instanceof ScriptTransformation) {
      return plan.nodeName();
    }
    if (plan instanceof View view) {
      // The table itself: what lies under it is the results table's files, not the query's.
      String name = view.desc().identifier().table();
      return view.isTempView() && name.equalsIgnoreCase(ResultsTable.VIEW) ? null
          : "reads the view " + name + ", not the " + ResultsTable.VIEW + " view";
    }
    if (plan.children().isEmpty() && !OWN_RELATIONS.contains(plan.getClass())) {
      return "reads " + relation(plan) + ", not the " + ResultsTable.VIEW + " view";
    }
    for (Expression e : asList(plan.expressions())) {
      Expression call = first(e, x -> JAVA_CALLS.stream().anyMatch(c -> c.isInstance(x)));
      if (call != null) {
        return call.prettyName() + "() calls Java";
      }
    }
    return firstRefusal(List.of(asList(plan.children()), asList(plan.subqueries())),
        ReadOnlySql::analysedRefusal);
  }

  /** A relation as a user would name it: its table, its files, else the kind of node. */
  private static String relation(LogicalPlan leaf) {
    if (leaf instanceof LogicalRelation r) {
      if (r.catalogTable().isDefined()) {
        return "the table " + r.catalogTable().get().identifier().unquotedString();
      }
      if (r.relation() instanceof HadoopFsRelation files) {
        return "the files " + asList(files.location().rootPaths());
      }
    }
    return leaf.nodeName();
  }

  /** The first expression of {@code e}'s tree, {@code e} first, that {@code test} accepts. */
  private static Expression first(Expression e, Predicate<Expression> test) {
    if (test.test(e)) {
      return e;
    }
    for (Expression child : asList(e.children())) {
      Expression found = first(child, test);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static String queryRefusal(QueryPlan<?> plan) {
    if (!QUERY_NODES.contains(plan.getClass())) {
      return plan.nodeName();
    }
    if (plan instanceof UnresolvedRelation r && r.multipartIdentifier().size() > 1) {
      // format.`path` reads any file the user can read; a namespace holds no trials view.
      return "reads " + r.tableName() + ", not the " + ResultsTable.VIEW + " view";
    }
    for (Expression e : asList(plan.expressions())) {
      Expression call = first(e, x -> javaFunction(x) != null);
      if (call != null) {
        return javaFunction(call) + "() calls Java";
      }
    }
    return firstRefusal(List.<List<? extends QueryPlan<?>>>of(asList(plan.children()),
        asList(plan.innerChildren()), asList(plan.subqueries())), ReadOnlySql::queryRefusal);
  }

  /** The first refusal of any plan of {@code groups}, in order, or null. */
  private static <P> String firstRefusal(List<? extends List<? extends P>> groups,
      Function<P, String> refusal) {
    for (List<? extends P> group : groups) {
      for (P plan : group) {
        String refused = refusal.apply(plan);
        if (refused != null) {
          return refused;
        }
      }
    }
    return null;
  }

  /** The name of a parsed function call of {@link #JAVA_FUNCTIONS}, or null. */
  private static String javaFunction(Expression e) {
    if (e instanceof UnresolvedFunction f) {
      String name = asList(f.nameParts()).get(f.nameParts().size() - 1);
      return JAVA_FUNCTIONS.contains(name.toLowerCase(Locale.ROOT)) ? name : null;
    }
    return null;
  }

  private static <T> List<T> asList(scala.collection.Seq<T> seq) {
    return CollectionConverters.asJava(seq);
  }

  private static String abbreviate(String sql) {
    String s = sql.strip().replaceAll("\\s+", " ");
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
