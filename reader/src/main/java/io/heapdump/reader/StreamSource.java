package io.heapdump.reader;

import io.heapdump.codec.ByteSource;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * A dump read from a stream through one reusable buffer. The buffer grows only as far as the data
 * that actually arrives (at most doubling what is there), so a corrupt length in a stream of
 * unknown size cannot make it allocate more than about twice what the stream holds.
 *
 * <p>For a decompressing stream, a damaged or cut compressed stream ends the data where the
 * damage is: the decoder then reports the dump as ending there, and {@link #dataError()} says why.
 */
final class StreamSource implements ByteSource, Closeable {
  private static final int INITIAL = 1 << 16;
  private static final int MAX_BUFFER = Integer.MAX_VALUE - 16;

  private final InputStream in;
  private byte[] buffer = new byte[INITIAL];
  private long bufferStart; // stream offset of buffer[0]
  private int filled;
  private boolean eof;
  private IOException dataError;

  StreamSource(InputStream in) {
    this.in = in;
  }

  @Override
  public ByteBuffer fetch(long from, int minimum) throws IOException {
    long end = bufferStart + filled;
    if (from < bufferStart || from > end) {
      throw new IllegalArgumentException(
          "fetch from " + from + " outside the buffered " + bufferStart + ".." + end);
    }
    int keep = (int) (end - from);
    System.arraycopy(buffer, filled - keep, buffer, 0, keep);
    bufferStart = from;
    filled = keep;
    while (filled < minimum && !eof) {
      if (filled == buffer.length) {
        buffer = Arrays.copyOf(buffer, (int) Math.min(MAX_BUFFER, buffer.length * 2L));
      }
      read();
    }
    // Top up a nearly empty buffer so that small fetches do not each cost a read call.
    if (!eof && filled < buffer.length / 2) {
      read();
    }
    return ByteBuffer.wrap(buffer, 0, filled).slice();
  }

  private void read() throws IOException {
    int n;
    try {
      n = in.read(buffer, filled, buffer.length - filled);
    } catch (ZipException | EOFException e) {
      // Damaged or cut compressed data: the dump ends here as far as anyone can tell.
      dataError = e;
      n = -1;
    }
    if (n < 0) {
      eof = true;
    } else {
      filled += n;
    }
  }

  /**
   * Why the data ended early although the underlying stream did not simply end (a damaged or cut
   * gzip stream), or null.
   */
  IOException dataError() {
    return dataError;
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
