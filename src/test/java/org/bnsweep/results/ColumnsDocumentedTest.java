package org.bnsweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/results-table.md documents every column the writer declares, and no other. */
class ColumnsDocumentedTest {

  @Test
  void everyDeclaredColumnIsInTheSchemaDocument() throws Exception {
    Set<String> documented = new LinkedHashSet<>();
    Pattern name = Pattern.compile("`([a-z_]+)`");
    for (String line : Files.readAllLines(Path.of("docs/results-table.md"))) {
      if (line.startsWith("| `")) {
        Matcher m = name.matcher(line.substring(0, line.indexOf('|', 2)));
        while (m.find()) {
          documented.add(m.group(1));
        }
      }
    }
    List<String> declared = new ArrayList<>(List.of("sweep"));
    TrialColumns.ALL.forEach(c -> declared.add(c.name()));
    List<String> missing = declared.stream().filter(c -> !documented.contains(c)).toList();
    List<String> extra = documented.stream().filter(c -> !declared.contains(c)).toList();
    assertEquals(List.of(), missing, "columns missing from docs/results-table.md");
    assertEquals(List.of(), extra, "documented columns the writer does not declare");
  }
}
