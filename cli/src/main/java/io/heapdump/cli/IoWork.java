package io.heapdump.cli;

import java.io.IOException;

/** Work that may fail with an I/O error or a bad dump. */
@FunctionalInterface
interface IoWork<T> {
  T run() throws IOException;
}
