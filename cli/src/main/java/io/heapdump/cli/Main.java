package io.heapdump.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code heapdump} command: {@code heapdump COMMAND [OPTIONS] ARGS}. Each command is one
 * {@link Command} class; this class parses the common options, dispatches, and turns failures
 * into a one-line message and an exit status (see cli/README.md).
 */
public final class Main {
  private static final List<Command> COMMANDS = List.of(
      new SummaryCommand(),
      new InfoCommand(),
      new RecordsCommand(),
      new VerifyCommand(),
      new HistogramCommand(),
      new TopCommand(),
      new PathCommand(),
      new GoroutinesCommand(),
      new GarbageCommand(),
      new DiffCommand(),
      new JvmCommand());

  private Main() {}

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, System.console() != null));
  }

  /**
   * Runs the command line, writing results to {@code out} and messages to {@code err}.
   *
   * @param showProgress whether progress bars may be drawn on {@code err} (a terminal)
   * @return the exit status
   */
  public static int run(String[] args, PrintStream out, PrintStream err, boolean showProgress) {
    if (args.length == 0) {
      err.print(globalHelp());
      return ExitCode.USAGE;
    }
    String name = args[0];
    if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
      return help(Arrays.asList(args).subList(1, args.length), out, err);
    }
    Command command = find(name);
    if (command == null) {
      err.println("heapdump: unknown command \"" + name + "\"; run heapdump --help for the list");
      return ExitCode.USAGE;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    if (asksForHelp(rest)) {
      out.print(command.help());
      return ExitCode.OK;
    }
    try {
      Arguments parsed = Arguments.parse(rest, command.flags(), command.valuedOptions());
      boolean quiet = parsed.flag("--quiet", "-q");
      Terminal terminal =
          new Terminal(out, parsed.flag("--json"), new Progress(err, showProgress && !quiet));
      return command.run(parsed, terminal);
    } catch (CliException e) {
      err.println("heapdump: " + e.getMessage());
      if (e.exitCode() == ExitCode.USAGE) {
        err.println("Run heapdump " + name + " --help for usage.");
      }
      return e.exitCode();
    } catch (OutOfMemoryError e) {
      err.println("heapdump: out of memory; give Java more, e.g. JAVA_OPTS=-Xmx8g ./heapdump ...");
      return ExitCode.IO_ERROR;
    } catch (RuntimeException e) {
      err.println("heapdump: internal error in " + name + ": " + e
          + " (a bug in heapdump; please report it with the command line)");
      return ExitCode.INTERNAL_ERROR;
    } finally {
      out.flush();
    }
  }

  private static boolean asksForHelp(List<String> args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return false;
      }
      if (arg.equals("--help") || arg.equals("-h")) {
        return true;
      }
    }
    return false;
  }

  private static int help(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      out.print(globalHelp());
      return ExitCode.OK;
    }
    Command command = find(args.get(0));
    if (command == null) {
      err.println("heapdump: unknown command \"" + args.get(0) + "\"");
      return ExitCode.USAGE;
    }
    out.print(command.help());
    return ExitCode.OK;
  }

  private static Command find(String name) {
    for (Command c : COMMANDS) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    return null;
  }

  /** The names of all commands, in help order. */
  static List<String> commandNames() {
    return COMMANDS.stream().map(Command::name).toList();
  }

  private static String globalHelp() {
    StringBuilder sb = new StringBuilder()
        .append("Usage: heapdump COMMAND [OPTIONS] ARGS\n\n")
        .append("Reads, checks and analyses Go heap dumps (runtime/debug.WriteHeapDump).\n\n")
        .append("Commands:\n");
    int width = COMMANDS.stream().mapToInt(c -> c.name().length()).max().orElse(0);
    for (Command c : COMMANDS) {
      sb.append("  ").append(c.name()).append(" ".repeat(width - c.name().length() + 2))
          .append(c.summary()).append('\n');
    }
    return sb.append("\nOptions every command takes:\n")
        .append("  --json       one JSON document (or JSON lines for streams) on standard output\n")
        .append("  --quiet, -q  no progress bar on standard error\n")
        .append("  --help, -h   the command's help\n\n")
        .append("Exit status: 0 ok, 1 finding (verify: bytes differ), 2 usage error,\n")
        .append("3 bad or truncated dump, 4 I/O error, 5 internal error.\n")
        .append("Run heapdump COMMAND --help for a command's options.\n")
        .toString();
  }
}
