package io.heapdump.cli;

/** The exit statuses of the {@code heapdump} command, documented in cli/README.md. */
final class ExitCode {
  private ExitCode() {}

  /** Success. */
  static final int OK = 0;
  /** The command ran and found what a script should notice: verify found differing bytes. */
  static final int FINDING = 1;
  /** The command line was wrong. */
  static final int USAGE = 2;
  /** A dump is malformed or truncated. */
  static final int BAD_DUMP = 3;
  /** A file could not be read or written. */
  static final int IO_ERROR = 4;
  /** A bug in heapdump itself. */
  static final int INTERNAL_ERROR = 5;
}
