package org.bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.bnsweep.Fixtures;
import org.bnsweep.config.Settings;
import org.bnsweep.sweep.SweepPlan;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code submit/bnsweep} command shown in a code block of README.md or docs/ still parses
 * (its subcommand and options exist) and every conf it names loads and plans with its
 * {@code --set} overrides. Docs drift when an option or a key is renamed; running every command
 * would take hours, so this checks what a rename breaks, and the note of a session lists the
 * commands it really ran. Synopses ({@code [--results PATH]}) and elisions ({@code ...}) are
 * not commands and are left out.
 */
class DocCommandsTest {

  /** One command of a doc: where it is and its words as the shell would split them. */
  record DocCommand(String where, List<String> words) {}

  @Test
  void everyDocumentedCommandParsesAndItsConfsPlan() throws IOException {
    List<DocCommand> commands = new ArrayList<>();
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      for (Path doc : Stream.concat(Stream.of(Path.of("README.md")), docs.sorted()).toList()) {
        if (doc.toString().endsWith(".md")) {
          commands.addAll(commands(doc.toString(), Files.readAllLines(doc)));
        }
      }
    }
    List<String> problems = new ArrayList<>();
    for (DocCommand command : commands) {
      problem(command).ifPresent(p -> problems.add(command.where() + ": " + p));
    }
    // Many commands, so a parser that found none (a changed fence style) cannot pass quietly.
    assertTrue(commands.size() >= 30, "found only " + commands.size() + " commands");
    assertEquals(List.of(), problems);
  }

  @Test
  void aRenamedOptionAMissingConfOrAnUnknownKeyIsCaught() {
    List<DocCommand> found = commands("t.md", List.of(
        "```sh",
        "submit/bnsweep sweep conf/lambda-search.conf --master 'local[2]'   # fine",
        "submit/bnsweep bench --no-such-option 3",
        "submit/bnsweep sweep conf/no-such.conf",
        "submit/bnsweep train --set training.lamda=0.01",
        "submit/bnsweep query \"SELECT stage,",
        "  lambda FROM trials\"",
        "submit/bnsweep report [--results PATH] --out x",
        "```",
        "submit/bnsweep bench --outside-a-code-block"));
    assertEquals(5, found.size(), found.toString());
    assertEquals(List.of("query", "SELECT stage,\n  lambda FROM trials"),
        found.get(4).words().subList(1, 3));
    assertEquals(Optional.empty(), problem(found.get(0)));
    assertTrue(problem(found.get(1)).orElse("").contains("--no-such-option"));
    assertTrue(problem(found.get(2)).orElse("").contains("no-such.conf"));
    assertTrue(problem(found.get(3)).orElse("").contains("lamda"));
    assertEquals(Optional.empty(), problem(found.get(4)));
  }

  /** The commands in the fenced code blocks of one doc. */
  static List<DocCommand> commands(String doc, List<String> lines) {
    List<DocCommand> commands = new ArrayList<>();
    boolean inBlock = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("```")) {
        inBlock = !inBlock;
        continue;
      }
      if (!inBlock || !line.startsWith("submit/bnsweep ")) {
        continue;
      }
      int first = i;
      ShellWords words = new ShellWords();
      words.add(lines.get(i));
      while (words.continues() && i + 1 < lines.size()) {
        words.add(lines.get(++i));
      }
      List<String> split = words.words();
      if (split.stream().noneMatch(w -> w.equals("...") || w.startsWith("[") || w.equals("&&"))) {
        commands.add(new DocCommand(doc + ":" + (first + 1), split));
      }
    }
    return commands;
  }

  /** What is wrong with a command, if anything. */
  static Optional<String> problem(DocCommand command) {
    List<String> args = command.words().subList(1, command.words().size());
    CommandLine cli = new CommandLine(new Main());
    CommandLine.ParseResult parsed;
    try {
      parsed = cli.parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      return Optional.of(e.getMessage());
    }
    CommandLine.ParseResult sub = parsed.subcommand();
    try {
      if (sub != null && sub.commandSpec().name().equals("sweep")) {
        plan(Path.of(sub.matchedPositional(0).getValue().toString()), sets(sub));
      } else if (sub != null && sub.commandSpec().name().equals("bench")
          && sub.hasMatchedOption("--sweep")) {
        plan(sub.matchedOption("--sweep").getValue(), List.of());
      } else if (sub != null && (sub.hasMatchedOption("--set") || sub.hasMatchedOption("--conf"))) {
        Path conf = sub.hasMatchedOption("--conf") ? sub.matchedOption("--conf").getValue() : null;
        Settings.load(conf, withData(sets(sub)), java.util.Set.of());
      }
    } catch (RuntimeException e) {
      return Optional.of(String.join("; ", Main.lines(e)));
    }
    return Optional.empty();
  }

  private static void plan(Path conf, List<String> sets) {
    if (!Files.isRegularFile(conf)) {
      throw new IllegalArgumentException(conf + " does not exist");
    }
    SweepPlan.fromSettings(Settings.load(conf, withData(sets), SweepPlan.OPEN_SECTIONS));
  }

  private static List<String> sets(CommandLine.ParseResult sub) {
    return sub.hasMatchedOption("--set") ? sub.matchedOption("--set").getValue() : List.of();
  }

  /** The data folder of this checkout, wherever the doc's command would run. */
  private static List<String> withData(List<String> sets) {
    List<String> all = new ArrayList<>(sets);
    all.add("data.dir=\"" + Fixtures.cifarDir() + "\"");
    return all;
  }

  /** Splits lines into words as a POSIX shell does for the quoting our docs use. */
  static final class ShellWords {
    private final List<String> words = new ArrayList<>();
    private final StringBuilder word = new StringBuilder();
    private boolean inWord;
    private char quote;
    private boolean backslashEnded;

    void add(String line) {
      backslashEnded = false;
      if (quote != 0) {
        word.append('\n');
      }
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          } else {
            word.append(c);
          }
        } else if (c == '\'' || c == '"') {
          quote = c;
          inWord = true;
        } else if (c == '\\' && i == line.length() - 1) {
          backslashEnded = true;
        } else if (c == '#' && !inWord) {
          break;
        } else if (Character.isWhitespace(c)) {
          endWord();
        } else {
          word.append(c);
          inWord = true;
        }
      }
      if (quote == 0) {
        endWord();
      }
    }

    boolean continues() {
      return quote != 0 || backslashEnded;
    }

    List<String> words() {
      List<String> all = new ArrayList<>(words);
      if (!all.isEmpty() && all.get(all.size() - 1).equals("&")) {
        all.remove(all.size() - 1);
      }
      return all;
    }

    private void endWord() {
      if (inWord) {
        words.add(word.toString());
        word.setLength(0);
        inWord = false;
      }
    }
  }
}
