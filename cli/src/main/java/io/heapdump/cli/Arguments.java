package io.heapdump.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments after parsing: flags, options with a value ({@code --by type},
 * {@code --by=type}, {@code -o out}) and positional arguments. {@code --} ends the options.
 */
final class Arguments {
  /** Flags every command accepts. */
  static final List<String> COMMON_FLAGS = List.of("--json", "--quiet", "-q", "--help", "-h");

  private final Set<String> flags;
  private final Map<String, String> values;
  private final List<String> positional;

  private Arguments(Set<String> flags, Map<String, String> values, List<String> positional) {
    this.flags = flags;
    this.values = values;
    this.positional = positional;
  }

  /**
   * Parses {@code args} against the flags and valued options a command accepts (besides
   * {@link #COMMON_FLAGS}).
   *
   * @throws CliException (usage) for an unknown option or an option without its value
   */
  static Arguments parse(List<String> args, List<String> knownFlags, List<String> valued)
      throws CliException {
    Set<String> flags = new HashSet<>();
    Map<String, String> values = new HashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        positional.addAll(args.subList(i + 1, args.size()));
        break;
      }
      if (!arg.startsWith("-") || arg.equals("-")) {
        positional.add(arg);
        continue;
      }
      int eq = arg.indexOf('=');
      String name = eq > 0 ? arg.substring(0, eq) : arg;
      if (valued.contains(name)) {
        String value;
        if (eq > 0) {
          value = arg.substring(eq + 1);
        } else if (i + 1 < args.size()) {
          value = args.get(++i);
        } else {
          throw CliException.usage("option " + name + " needs a value");
        }
        if (values.put(name, value) != null) {
          throw CliException.usage("option " + name + " given twice");
        }
      } else if (eq < 0 && (COMMON_FLAGS.contains(name) || knownFlags.contains(name))) {
        flags.add(name);
      } else if (eq > 0 && (COMMON_FLAGS.contains(name) || knownFlags.contains(name))) {
        throw CliException.usage("option " + name + " takes no value");
      } else {
        throw CliException.usage("unknown option " + name);
      }
    }
    return new Arguments(flags, values, positional);
  }

  /** Whether a flag was given (either spelling, e.g. {@code --quiet} or {@code -q}). */
  boolean flag(String... names) {
    for (String name : names) {
      if (flags.contains(name)) {
        return true;
      }
    }
    return false;
  }

  /** The value of an option, or {@code fallback} when absent. */
  String value(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** Whether a valued option was given. */
  boolean has(String name) {
    return values.containsKey(name);
  }

  /** The value of an option as a number, or {@code fallback} when absent. */
  long longValue(String name, long fallback) throws CliException {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw CliException.usage("option " + name + " needs a number, not \"" + v + "\"");
    }
  }

  /** A positive {@code int} option such as {@code --limit}, or {@code fallback} when absent. */
  int positiveInt(String name, int fallback) throws CliException {
    long n = longValue(name, fallback);
    if (n <= 0 || n > Integer.MAX_VALUE) {
      throw CliException.usage("option " + name + " must be a positive number, not " + n);
    }
    return (int) n;
  }

  /** The value of an option that must be one of {@code choices}. */
  String choice(String name, List<String> choices) throws CliException {
    String v = values.getOrDefault(name, choices.get(0));
    if (!choices.contains(v)) {
      throw CliException.usage(
          "option " + name + " must be one of " + String.join(", ", choices) + ", not \"" + v
              + "\"");
    }
    return v;
  }

  /**
   * The positional arguments, checking there are exactly as many as {@code names} (used in the
   * message, e.g. "FILE").
   */
  List<String> positional(String... names) throws CliException {
    if (positional.size() < names.length) {
      throw CliException.usage("missing " + names[positional.size()]);
    }
    if (positional.size() > names.length) {
      throw CliException.usage("unexpected argument \"" + positional.get(names.length) + "\"");
    }
    return positional;
  }
}
