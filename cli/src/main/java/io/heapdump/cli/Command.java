package io.heapdump.cli;

import java.util.List;

/** One subcommand of {@code heapdump}: its name, its help, and what it does. */
interface Command {
  /** The word that selects the command, e.g. {@code info}. */
  String name();

  /** One line for the global help. */
  String summary();

  /** The command's full help: usage line, description and options (beyond the common ones). */
  String help();

  /** Flags the command accepts besides {@link Arguments#COMMON_FLAGS}. */
  default List<String> flags() {
    return List.of();
  }

  /** Options that take a value. */
  default List<String> valuedOptions() {
    return List.of();
  }

  /**
   * Runs the command.
   *
   * @return the exit status ({@link ExitCode#OK} or {@link ExitCode#FINDING})
   * @throws CliException for usage errors, bad dumps and I/O errors, with a message for the user
   */
  int run(Arguments args, Terminal terminal) throws CliException;

  /**
   * A command's help text: the usage line, a description, the command's own option lines, and
   * the options every command takes.
   */
  static String helpText(String usage, String description, String... optionLines) {
    StringBuilder sb = new StringBuilder("Usage: heapdump ").append(usage).append("\n\n")
        .append(description).append("\n\nOptions:\n");
    for (String line : optionLines) {
      sb.append("  ").append(line).append('\n');
    }
    return sb.append("  --json       JSON on standard output instead of a table\n")
        .append("  --quiet, -q  no progress bar on standard error\n")
        .append("  --help, -h   this help\n")
        .toString();
  }
}
