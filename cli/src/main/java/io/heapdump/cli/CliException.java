package io.heapdump.cli;

/**
 * Ends a command with an exit status and a one-line message for the user (printed after
 * {@code heapdump: }); never shown as a stack trace.
 */
final class CliException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** A usage error (exit status 2). */
  static CliException usage(String message) {
    return new CliException(ExitCode.USAGE, message);
  }

  int exitCode() {
    return exitCode;
  }
}
