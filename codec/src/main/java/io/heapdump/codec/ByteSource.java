package io.heapdump.codec;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Supplies the bytes of a dump that does not fit one buffer: a file mapped in windows, or a stream
 * read in chunks. The reader module implements it for files and streams; the codec only asks.
 */
public interface ByteSource {
  /**
   * Returns a buffer whose index 0 holds the byte at dump offset {@code from} and whose limit marks
   * the bytes available: at least {@code minimum} of them unless the dump ends sooner. Successive
   * calls never go backwards; the decoder calls this only when its current buffer runs out.
   */
  ByteBuffer fetch(long from, int minimum) throws IOException;

  /** Total size of the dump in bytes, or -1 when unknown (a stream). */
  long size();

  /**
   * Whether buffers handed out never change afterwards, so decoded {@link Memory} can be views of
   * them (true for mapped files; false for a stream that reuses one buffer, which makes the
   * decoder copy contents).
   */
  boolean stable();
}
