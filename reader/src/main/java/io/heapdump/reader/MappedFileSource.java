package io.heapdump.reader;

import com.google.common.base.Preconditions;
import io.heapdump.codec.ByteSource;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A dump file mapped into memory in windows, so files over 2 GiB read too. Windows overlap by
 * half: window k covers {@code [k * window/2, k * window/2 + window)}, so any run of up to
 * window/2 bytes lies inside one window and is handed out as a slice of it, without a new mapping.
 * Longer runs (a huge segment) get a mapping of their own. Windows stay mapped while the source
 * lives, so records read earlier and random access by {@link ObjectIndex} stay cheap. Safe for
 * concurrent fetches.
 */
final class MappedFileSource implements ByteSource, Closeable {
  static final int DEFAULT_WINDOW = 1 << 30;

  private final Path path;
  private final FileChannel channel;
  private final long size;
  private final int window;
  private final int step;
  private final MappedByteBuffer[] windows;

  MappedFileSource(Path path) throws IOException {
    this(path, DEFAULT_WINDOW);
  }

  /** A source with a chosen window size (tests use tiny ones to cross window boundaries). */
  MappedFileSource(Path path, int window) throws IOException {
    Preconditions.checkArgument(window >= 2, "window must be at least 2 bytes, not %s", window);
    this.path = path;
    this.channel = FileChannel.open(path, StandardOpenOption.READ);
    this.size = channel.size();
    this.window = window;
    this.step = window / 2;
    long count = size == 0 ? 0 : (size - 1) / step + 1;
    if (count > Integer.MAX_VALUE) {
      channel.close();
      throw new IOException(path + ": " + size + " bytes is too large for windows of " + window);
    }
    this.windows = new MappedByteBuffer[(int) count];
  }

  Path path() {
    return path;
  }

  @Override
  public ByteBuffer fetch(long from, int minimum) throws IOException {
    if (from >= size) {
      return ByteBuffer.allocate(0);
    }
    int k = (int) (from / step);
    long start = (long) k * step;
    long end = Math.min(size, start + window);
    if (from + minimum <= end || end == size) {
      return windowAt(k, start, end).slice((int) (from - start), (int) (end - from));
    }
    // Longer than half a window: a mapping of its own, as long as asked (capped by the file).
    long length = Math.min(size - from, Math.max((long) window, minimum));
    return channel.map(FileChannel.MapMode.READ_ONLY, from, length);
  }

  private synchronized MappedByteBuffer windowAt(int k, long start, long end) throws IOException {
    MappedByteBuffer w = windows[k];
    if (w == null) {
      w = windows[k] = channel.map(FileChannel.MapMode.READ_ONLY, start, end - start);
    }
    return w;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public boolean stable() {
    return true;
  }

  /** Closes the file; buffers already handed out stay readable until they are collected. */
  @Override
  public void close() throws IOException {
    channel.close();
  }
}
