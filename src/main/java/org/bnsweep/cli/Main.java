package org.bnsweep.cli;

import com.typesafe.config.ConfigException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Properties;
import org.apache.spark.SparkThrowable;
import org.bnsweep.params.BadSettings;
import org.bnsweep.results.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Entry point of {@code bnsweep}: dispatches to a subcommand and turns errors into one line. */
@Command(name = "bnsweep", mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Hyperparameter sweeps of batch-normalised k-layer networks on CIFAR-10,"
        + " on Apache Spark.",
    subcommands = {TrainCommand.class, GradcheckCommand.class, BenchCommand.class,
        SweepCommand.class, QueryCommand.class, ReportCommand.class, CompactCommand.class,
        ClusterCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Run 'bnsweep <command> --help' for a command's options."})
public final class Main {

  public static void main(String[] args) {
    int status = run(args);
    ClassArchive.recordIfAsked(status);
    // A YARN cluster-mode driver is main called by Spark's ApplicationMaster, which reports the
    // application's final status when main returns: System.exit(0) there would have it report
    // a failure ("Shutdown hook called before final status was reported") and YARN run the
    // whole sweep again in a second attempt.
    if (status != 0 || !inYarnApplicationMaster(System.getProperties())) {
      System.exit(status);
    }
  }

  /** True in a YARN cluster-mode application master, which sets these before calling main. */
  static boolean inYarnApplicationMaster(Properties system) {
    return system.getProperty("spark.yarn.app.id") != null
        && "cluster".equals(system.getProperty("spark.submit.deployMode"));
  }

  /** Runs a command line and returns its exit status (0 on success). */
  public static int run(String... args) {
    return run(CommandLine.defaultFactory(), args);
  }

  /**
   * Runs a command line whose commands {@code factory} makes (picocli's way to hand a command
   * what it depends on; a test gives the sweep command its listener so).
   */
  static int run(CommandLine.IFactory factory, String... args) {
    if (!debug()) {
      QuietSpark.apply();
    }
    CommandLine cli = new CommandLine(new Main(), factory);
    cli.setExecutionExceptionHandler(Main::reportError);
    return cli.execute(args);
  }

  private static int reportError(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    for (String line : lines(e)) {
      err.println("bnsweep " + cli.getCommandName() + ": error: " + line);
    }
    if (debug()) {
      e.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  /** BNSWEEP_DEBUG set: stack traces and Spark's own logging of failures are shown. */
  private static boolean debug() {
    return System.getenv("BNSWEEP_DEBUG") != null;
  }

  /** One line per problem: every problem of a conf (BadSettings), or the one error's line. */
  static List<String> lines(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BadSettings all) {
        return all.problems().stream().map(Throwable::getMessage).toList();
      }
    }
    return List.of(oneLine(e));
  }

  /** The message a user needs, without a stack trace: ours, or the cause's for wrapped ones. */
  static String oneLine(Throwable e) {
    Throwable t = e;
    while ((t.getMessage() == null || t instanceof java.lang.reflect.InvocationTargetException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
    if (t instanceof SparkThrowable s && s.getCondition() != null) {
      // "[ERROR_CLASS] what went wrong. SQLSTATE: x; line 1 pos 7;" and then the plan or the
      // statement with a caret, over many lines: the first line is the message.
      return message.strip().lines().findFirst().orElse(message).replaceAll(";$", "");
    }
    if (!(t instanceof IllegalArgumentException || t instanceof IllegalStateException
        || t instanceof ConfigException)) {
      message = t.getClass().getSimpleName() + ": " + message;
    }
    return message.replace('\n', ' ');
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      // The same text as the bnsweep_version column of every row: version+commit[.dirty].
      return new String[] {"bnsweep " + Provenance.version()};
    }
  }
}
