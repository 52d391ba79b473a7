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
import java.util.TreeSet;
import org.bnsweep.data.DataConfig;
import org.bnsweep.params.BadSetting;
import org.bnsweep.params.BadSettings;
import org.bnsweep.params.Hyperparameter;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.Setting;
import org.bnsweep.params.TrialConfig;

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
  private Settings(Config root, List<Setting<?>> trialSettings) {
    this.root = root;
    this.trialSettings = List.copyOf(trialSettings);
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
    } catch (BadSetting e) {
      throw located(root, e);
    } catch (BadSettings e) {
      throw new BadSettings(e.problems().stream()
          .map(p -> p instanceof BadSetting bad ? located(root, bad) : p).toList());
    }
  }

  /** The problem with the origin of the key it names, so the user sees where it came from. */
  private static BadSetting located(Config root, BadSetting problem) {
    return root.hasPath(problem.path())
        ? problem.at(root.getValue(problem.path()).origin().description()) : problem;
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
    List<BadSetting> problems = new ArrayList<>();
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(
            "config file " + file + " does not exist; pass an existing file");
      }
      Config fromFile = ConfigFactory.parseFile(file.toFile(),
          ConfigParseOptions.defaults().setAllowMissing(false));
      problems.addAll(keysOutsideRoot(fromFile));
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
    problems.addAll(unknownKeys(resolved.getConfig(ROOT), reference.getConfig(ROOT),
        openSections));
    Config root = resolved.getConfig(ROOT);
    List<Setting<?>> settings = new ArrayList<>();
    for (Hyperparameter<?> p : Hyperparameters.ALL) {
      try {
        settings.add(p.parse(root.getValue(p.path()), ""));
      } catch (BadSetting e) {
        problems.add(e);
      }
    }
    try {
      resolved.checkValid(reference, ROOT);
    } catch (ConfigException.ValidationFailed e) {
      // Types of keys that are not hyperparameters; a hyperparameter's own message says more.
      for (ConfigException.ValidationProblem p : e.problems()) {
        if (problems.stream().noneMatch(known -> p.path().equals(known.path())
            || p.path().equals(ROOT + "." + known.path()))) {
          problems.add(new BadSetting(p.path(), p.problem(), p.origin().description()));
        }
      }
    }
    BadSettings.throwIfAny(problems);
    return new Settings(root, settings);
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
  private static List<BadSetting> keysOutsideRoot(Config file) {
    List<BadSetting> problems = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : file.root().entrySet()) {
      if (!e.getKey().equals(ROOT)) {
        problems.add(new BadSetting(e.getKey(), "is outside bnsweep { }, so it would be"
            + " ignored; move it inside bnsweep { ... }", e.getValue().origin().description()));
      }
    }
    return problems;
  }

  /** Keys the defaults do not have, each with the keys its section does have. */
  private static List<BadSetting> unknownKeys(Config config, Config reference, Set<String> open) {
    List<BadSetting> problems = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      String key = e.getKey();
      boolean inOpenSection = open.stream().anyMatch(s -> key.equals(s) || key.startsWith(s + "."));
      if (!inOpenSection && !reference.hasPathOrNull(key)) {
        problems.add(new BadSetting(ROOT + "." + key, "is an unknown key (valid keys "
            + validKeysNear(key, reference) + ")", e.getValue().origin().description()));
      }
    }
    return problems;
  }

  /** The keys of the deepest section of {@code key} that the defaults have. */
  private static String validKeysNear(String key, Config reference) {
    String section = key.contains(".") ? key.substring(0, key.lastIndexOf('.')) : "";
    while (!section.isEmpty() && !reference.hasPath(section)) {
      section = section.contains(".") ? section.substring(0, section.lastIndexOf('.')) : "";
    }
    Set<String> keys = new TreeSet<>(section.isEmpty() ? reference.root().keySet()
        : reference.getObject(section).keySet());
    return "in " + (section.isEmpty() ? ROOT : ROOT + "." + section) + ": "
        + String.join(", ", keys);
  }
}
