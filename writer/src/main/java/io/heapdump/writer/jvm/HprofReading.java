package io.heapdump.writer.jvm;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/** Runs shark's reading code and turns what it throws into IOExceptions. */
final class HprofReading {
  private HprofReading() {}

  /**
   * Runs {@code pass} and returns its result. Shark (Kotlin) throws Okio's IOExceptions undeclared and
   * IllegalStateException for records it cannot parse; listeners wrap their own IOExceptions in
   * UncheckedIOException. All come out as IOException naming the file.
   */
  static <T> T run(File file, Supplier<T> pass) throws IOException {
    try {
      return pass.get();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (Exception e) {
      if (e instanceof IOException io) {
        throw new IOException(file + ": cannot read the HPROF file: " + io.getMessage(), io);
      }
      throw new HprofFormatException(file.toPath(), "not a readable HPROF file: " + e.getMessage(), e);
    }
  }
}
