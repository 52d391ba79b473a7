package org.bnsweep.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bnsweep.data.DataConfig;
import org.bnsweep.train.Hyperparameter;
import org.bnsweep.train.Hyperparameters;
import org.bnsweep.train.Setting;
import org.bnsweep.train.TrialConfig;

/**
 * The merged settings under the {@code bnsweep} root: command-line overrides over an
 * experiment file over {@code reference.conf}. Unknown keys fail with their origin; every
 * hyperparameter is read through its declaration in {@link Hyperparameters}.
 */
public final class Settings {
  public static final String ROOT = "bnsweep";
  private final Config root;
  private final DataConfig data;
  private final List<Setting<?>> trialSettings;
  private final TrialConfig trial;

  /** Builds every record now, so that a bad value fails at load with its origin. */
  private Settings(Config root) {
    this.root = root;
    List<Setting<?>> settings = new ArrayList<>();
    for (Hyperparameter<?> p : Hyperparameters.ALL) {
      settings.add(p.parse(root.getValue(p.path()), ""));
    }
    this.trialSettings = List.copyOf(settings);
    this.trial = trialConfig(root, trialSettings);
    this.data = new DataConfig(root.getString("data.dir"),
        trial.get(Hyperparameters.TRAINING_SIZE), trial.get(Hyperparameters.VALIDATION_SIZE),
        trial.get(Hyperparameters.TEST_SIZE));
  }

  private static TrialConfig trialConfig(Config root, List<Setting<?>> settings) {
    TrialConfig.Builder b = TrialConfig.builder();
    settings.forEach(s -> s.applyTo(b));
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + origin(root, e.getMessage()), e);
    }
  }

  /**
   * " (file: line)" for the key a message starts with ("training.eta-min must be ..."), so that
   * the user sees where the bad value came from; empty if the message names no key.
   */
  private static String origin(Config root, String message) {
    int space = message.indexOf(' ');
    String key = space > 0 ? message.substring(0, space) : "";
    if (!key.matches("[a-z-]+(\\.[a-z-]+)+") || !root.hasPath(key)) {
      return "";
    }
    return " (" + root.getValue(key).origin().description() + ")";
  }

  /**
   * Loads and validates settings.
   *
   * @param file an experiment file, or null for the defaults alone
   * @param overrides {@code key=value} strings in HOCON syntax; keys may omit the
   *     {@code bnsweep.} prefix
   * @param openSections paths under the root whose own keys are free (checked elsewhere), such
   *     as a sweep's stages
   */
  public static Settings load(Path file, List<String> overrides, Set<String> openSections) {
    Config reference = ConfigFactory.defaultReference();
    Config merged = reference;
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(
            "config file " + file + " does not exist; pass an existing file");
      }
      Config fromFile = ConfigFactory.parseFile(file.toFile(),
          ConfigParseOptions.defaults().setAllowMissing(false));
      rejectKeysOutsideRoot(fromFile);
      merged = fromFile.withFallback(merged);
    }
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "--set takes key=value, such as training.lambda=0.01, got \"" + override + "\"");
      }
      String key = override.substring(0, eq).trim();
      if (!key.startsWith(ROOT + ".")) {
        key = ROOT + "." + key;
      }
      Config one = ConfigFactory.parseString(key + " = " + override.substring(eq + 1),
          ConfigParseOptions.defaults().setOriginDescription("--set " + override));
      merged = one.withFallback(merged);
    }
    Config resolved = merged.resolve();
    resolved.checkValid(reference, ROOT);
    rejectUnknownKeys(resolved.getConfig(ROOT), reference.getConfig(ROOT), openSections);
    return new Settings(resolved.getConfig(ROOT));
  }

  public static Settings defaults() {
    return load(null, List.of(), Set.of());
  }

  /** The merged config under the {@code bnsweep} root. */
  public Config config() {
    return root;
  }

  public DataConfig data() {
    return data;
  }

  /** Every hyperparameter as the settings give it, {@code auto} not yet resolved. */
  public List<Setting<?>> trialSettings() {
    return trialSettings;
  }

  /** The trial the settings describe: every hyperparameter, checked and resolved. */
  public TrialConfig trial() {
    return trial;
  }

  /** A file's keys must sit under {@code bnsweep { }}: anything else would be ignored. */
  private static void rejectKeysOutsideRoot(Config file) {
    for (Map.Entry<String, ConfigValue> e : file.root().entrySet()) {
      if (!e.getKey().equals(ROOT)) {
        throw new IllegalArgumentException("key " + e.getKey() + " ("
            + e.getValue().origin().description() + ") is outside bnsweep { }, so it would be"
            + " ignored; move it inside bnsweep { ... }");
      }
    }
  }

  private static void rejectUnknownKeys(Config config, Config reference, Set<String> open) {
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      String key = e.getKey();
      boolean inOpenSection = open.stream().anyMatch(s -> key.equals(s) || key.startsWith(s + "."));
      if (!inOpenSection && !reference.hasPathOrNull(key)) {
        unknown.add(key + " (" + e.getValue().origin().description() + ")");
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException.BadPath(config.origin(), ROOT + "." + unknown.get(0)
          .split(" ")[0], "unknown key " + String.join(", ", unknown)
          + "; see src/main/resources/reference.conf for the valid keys");
    }
  }
}
