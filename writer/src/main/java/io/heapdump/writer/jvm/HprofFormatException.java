package io.heapdump.writer.jvm;

import java.io.IOException;
import java.nio.file.Path;

/** An input that is not a readable HPROF file: wrong magic, an unparsable record, or a broken reference. */
public final class HprofFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  HprofFormatException(Path file, String reason, Throwable cause) {
    super(file + ": " + reason, cause);
    this.file = file;
  }

  HprofFormatException(Path file, String reason) {
    this(file, reason, null);
  }

  /** The HPROF file. */
  public Path file() {
    return file;
  }
}
