package org.bnsweep.cli;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.QueryPlan;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.command.DescribeQueryCommand;
import org.apache.spark.sql.execution.command.ExplainCommand;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Lets through only statements that read: a query (SELECT, WITH ... SELECT, VALUES, TABLE),
 * SHOW and DESCRIBE of tables, views and functions, and EXPLAIN or DESCRIBE QUERY of a query.
 *
 * <p>The statement is parsed with the session's own parser and its plan walked, CTE definitions
 * and subqueries included: a keyword check is fooled by {@code /* *&#47; INSERT ...} or
 * {@code WITH x AS (...) INSERT ...}, a plan is not. Every node of a query must be a relational
 * operator from {@link #QUERY_NODES}; anything else (an insert, a command, a CTAS, a script
 * TRANSFORM that runs a program, an EXECUTE IMMEDIATE, a SQL script) is refused, and so are the
 * functions that call arbitrary Java methods. An operator Spark adds later is refused until it is
 * listed: a refused read is a nuisance, an accepted write is not undone.
 */
final class ReadOnlySql {
  /** Operators a read-only query is made of, as the parser produces them. */
  private static final Set<Class<?>> QUERY_NODES = Set.of(
      org.apache.spark.sql.catalyst.plans.logical.Project.class,
      org.apache.spark.sql.catalyst.plans.logical.Filter.class,
      org.apache.spark.sql.catalyst.plans.logical.Aggregate.class,
      org.apache.spark.sql.catalyst.plans.logical.Join.class,
      org.apache.spark.sql.catalyst.plans.logical.LateralJoin.class,
      org.apache.spark.sql.catalyst.plans.logical.Sort.class,
      org.apache.spark.sql.catalyst.plans.logical.GlobalLimit.class,
      org.apache.spark.sql.catalyst.plans.logical.LocalLimit.class,
      org.apache.spark.sql.catalyst.plans.logical.Offset.class,
      org.apache.spark.sql.catalyst.plans.logical.Tail.class,
      org.apache.spark.sql.catalyst.plans.logical.Union.class,
      org.apache.spark.sql.catalyst.plans.logical.Intersect.class,
      org.apache.spark.sql.catalyst.plans.logical.Except.class,
      org.apache.spark.sql.catalyst.plans.logical.Distinct.class,
      org.apache.spark.sql.catalyst.plans.logical.Deduplicate.class,
      org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias.class,
      org.apache.spark.sql.catalyst.plans.logical.OneRowRelation.class,
      org.apache.spark.sql.catalyst.plans.logical.LocalRelation.class,
      org.apache.spark.sql.catalyst.plans.logical.Range.class,
      org.apache.spark.sql.catalyst.plans.logical.Window.class,
      org.apache.spark.sql.catalyst.plans.logical.WithWindowDefinition.class,
      org.apache.spark.sql.catalyst.plans.logical.Generate.class,
      org.apache.spark.sql.catalyst.plans.logical.Pivot.class,
      org.apache.spark.sql.catalyst.plans.logical.Unpivot.class,
      org.apache.spark.sql.catalyst.plans.logical.Sample.class,
      org.apache.spark.sql.catalyst.plans.logical.Repartition.class,
      org.apache.spark.sql.catalyst.plans.logical.RepartitionByExpression.class,
      org.apache.spark.sql.catalyst.plans.logical.RebalancePartitions.class,
      org.apache.spark.sql.catalyst.plans.logical.UnresolvedHint.class,
      org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith.class,
      org.apache.spark.sql.catalyst.expressions.PipeOperator.class,
      org.apache.spark.sql.catalyst.analysis.UnresolvedRelation.class,
      org.apache.spark.sql.catalyst.analysis.UnresolvedInlineTable.class,
      org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction.class,
      org.apache.spark.sql.catalyst.analysis.UnresolvedTVFAliases.class,
      org.apache.spark.sql.catalyst.analysis.UnresolvedSubqueryColumnAliases.class,
      org.apache.spark.sql.catalyst.analysis.UnresolvedHaving.class);

  /** Statements that only show the catalog: the root of their plan, children not walked. */
  private static final Set<Class<?>> CATALOG_READS = Set.of(
      org.apache.spark.sql.catalyst.plans.logical.ShowTables.class,
      org.apache.spark.sql.catalyst.plans.logical.ShowTablesExtended.class,
      org.apache.spark.sql.catalyst.plans.logical.ShowViews.class,
      org.apache.spark.sql.catalyst.plans.logical.ShowColumns.class,
      org.apache.spark.sql.catalyst.plans.logical.ShowFunctions.class,
      org.apache.spark.sql.catalyst.plans.logical.ShowCreateTable.class,
      org.apache.spark.sql.catalyst.plans.logical.ShowTableProperties.class,
      org.apache.spark.sql.catalyst.plans.logical.ShowPartitions.class,
      org.apache.spark.sql.catalyst.plans.logical.DescribeRelation.class,
      org.apache.spark.sql.catalyst.plans.logical.DescribeColumn.class,
      org.apache.spark.sql.catalyst.plans.logical.DescribeFunction.class,
      org.apache.spark.sql.execution.command.ShowNamespacesCommand.class,
      org.apache.spark.sql.execution.command.ShowCatalogsCommand.class,
      org.apache.spark.sql.execution.command.ShowCurrentNamespaceCommand.class);

  /** Functions that call a Java method named in the query. */
  private static final Set<String> JAVA_CALLS = Set.of("reflect", "java_method", "try_reflect");

  private ReadOnlySql() {}

  /**
   * Throws {@link IllegalArgumentException} unless {@code sql} parses and only reads.
   *
   * @param parser the session's ({@code spark.sessionState().sqlParser()}), which knows the
   *     statements of the session's extensions too
   */
  static void check(ParserInterface parser, String sql) {
    LogicalPlan plan;
    try {
      plan = parser.parsePlan(sql);
    } catch (ParseException e) {
      // Spark's message continues with the statement and a caret under the error; the first
      // line names the error and its position.
      throw new IllegalArgumentException("cannot parse \"" + abbreviate(sql) + "\": "
          + e.getMessage().strip().lines().findFirst().orElse(""), e);
    }
    String refused = refusal(plan);
    if (refused != null) {
      throw new IllegalArgumentException("query is read-only: refused \"" + abbreviate(sql)
          + "\" (" + refused + "); use SELECT, WITH ... SELECT, SHOW, DESCRIBE or EXPLAIN");
    }
  }

  /** What makes the plan more than a read, or null if it only reads. */
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

  private static String queryRefusal(QueryPlan<?> plan) {
    if (!QUERY_NODES.contains(plan.getClass())) {
      return plan.nodeName();
    }
    for (Expression e : asList(plan.expressions())) {
      String call = javaCall(e);
      if (call != null) {
        return call + "()";
      }
    }
    for (List<? extends QueryPlan<?>> next : List.of(asList(plan.children()),
        asList(plan.innerChildren()), asList(plan.subqueries()))) {
      for (QueryPlan<?> child : next) {
        String refused = queryRefusal(child);
        if (refused != null) {
          return refused;
        }
      }
    }
    return null;
  }

  private static String javaCall(Expression e) {
    if (e instanceof UnresolvedFunction f) {
      String name = asList(f.nameParts()).get(f.nameParts().size() - 1);
      if (JAVA_CALLS.contains(name.toLowerCase(Locale.ROOT))) {
        return name;
      }
    }
    for (Expression child : asList(e.children())) {
      String call = javaCall(child);
      if (call != null) {
        return call;
      }
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
