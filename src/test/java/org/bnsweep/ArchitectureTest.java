package org.bnsweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The numeric core (data, nn, train) knows nothing of Spark or Hadoop. */
class ArchitectureTest {

  @Test
  void numericCoreImportsNoSpark() throws IOException {
    Path main = Path.of("src/main/java/org/bnsweep");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(main)) {
      offenders = files
          .filter(p -> p.toString().endsWith(".java"))
          .filter(p -> {
            String pkg = main.relativize(p).getName(0).toString();
            return pkg.equals("data") || pkg.equals("nn") || pkg.equals("train");
          })
          .filter(p -> read(p).lines().anyMatch(l -> l.startsWith("import org.apache.spark")
              || l.startsWith("import org.apache.hadoop") || l.startsWith("import scala.")))
          .map(Path::toString)
          .toList();
    }
    assertEquals(List.of(), offenders);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
