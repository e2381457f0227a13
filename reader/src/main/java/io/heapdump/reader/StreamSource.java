package io.heapdump.reader;

import io.heapdump.codec.ByteSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * A dump read from a stream through one reusable buffer. The buffer grows only as far as the data
 * that actually arrives, so a corrupt length in a stream of unknown size cannot make it allocate
 * more than the stream holds.
 */
final class StreamSource implements ByteSource, java.io.Closeable {
  private static final int INITIAL = 1 << 16;

  private final InputStream in;
  private byte[] buffer = new byte[INITIAL];
  private long bufferStart; // stream offset of buffer[0]
  private int filled;
  private boolean eof;

  StreamSource(InputStream in) {
    this.in = in;
  }

  @Override
  public ByteBuffer fetch(long from, int minimum) throws IOException {
    int keep = (int) (bufferStart + filled - from);
    if (keep < 0) {
      throw new IllegalStateException("fetch skipped bytes: from " + from + " past " + (bufferStart + filled));
    }
    System.arraycopy(buffer, filled - keep, buffer, 0, keep);
    bufferStart = from;
    filled = keep;
    while (filled < minimum && !eof) {
      if (filled == buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, (int) Math.min(Integer.MAX_VALUE - 16, buffer.length * 2L));
      }
      int n = in.read(buffer, filled, buffer.length - filled);
      if (n < 0) {
        eof = true;
      } else {
        filled += n;
      }
    }
    return ByteBuffer.wrap(buffer, 0, filled).slice();
  }

  @Override
  public long size() {
    return -1;
  }

  @Override
  public boolean stable() {
    return false;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
