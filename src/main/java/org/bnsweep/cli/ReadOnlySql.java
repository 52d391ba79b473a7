package org.bnsweep.cli;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedHaving;
import org.apache.spark.sql.catalyst.analysis.UnresolvedInlineTable;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedSubqueryColumnAliases;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTVFAliases;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.PipeOperator;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.QueryPlan;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
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
import org.apache.spark.sql.catalyst.plans.logical.Unpivot;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedHint;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import org.apache.spark.sql.catalyst.plans.logical.Window;
import org.apache.spark.sql.catalyst.plans.logical.WithWindowDefinition;
import org.apache.spark.sql.execution.command.DescribeQueryCommand;
import org.apache.spark.sql.execution.command.ExplainCommand;
import org.apache.spark.sql.execution.command.ShowCatalogsCommand;
import org.apache.spark.sql.execution.command.ShowCurrentNamespaceCommand;
import org.apache.spark.sql.execution.command.ShowNamespacesCommand;
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
