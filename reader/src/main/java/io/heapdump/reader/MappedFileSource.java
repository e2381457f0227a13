package io.heapdump.reader;

import io.heapdump.codec.ByteSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A dump file mapped into memory in windows of up to 1 GiB, so files over 2 GiB read too. A new
 * window starts where the decoder asks; earlier windows stay valid while records point into them.
 */
final class MappedFileSource implements ByteSource, java.io.Closeable {
  static final int DEFAULT_WINDOW = 1 << 30;

  private final FileChannel channel;
  private final long size;
  private final int window;

  MappedFileSource(Path path, int window) throws IOException {
    this.channel = FileChannel.open(path, StandardOpenOption.READ);
    this.size = channel.size();
    this.window = window;
  }

  @Override
  public ByteBuffer fetch(long from, int minimum) throws IOException {
    long length = Math.min(size - from, Math.max((long) window, minimum));
    if (length <= 0) {
      return ByteBuffer.allocate(0);
    }
    return channel.map(FileChannel.MapMode.READ_ONLY, from, length);
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public boolean stable() {
    return true;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
