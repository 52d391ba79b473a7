package org.bnsweep.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bnsweep.config.Settings;
import picocli.CommandLine.Option;

/** The {@code --conf} and {@code --set} options shared by commands that read settings. */
final class ConfigOptions {
  @Option(names = "--conf", paramLabel = "FILE",
      description = "HOCON file overriding src/main/resources/reference.conf, e.g. conf/train-9-layer.conf")
  Path conf;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one setting, e.g. --set training.lambda=0.01 --set network.hidden=[50,30];"
          + " repeatable; the bnsweep. prefix is optional")
  List<String> overrides = new ArrayList<>();

  Settings load() {
    return Settings.load(conf, overrides, Set.of());
  }
}
