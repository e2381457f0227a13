package io.heapdump.cli;

import io.heapdump.codec.ByteSource;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A dump file read in chunks into fresh buffers, for the codec's {@code DumpDecoder} when a command
 * needs decoder counters that {@code DumpReader} does not expose (non-minimal varints, for verify).
 * Works for files of any size; buffers are never reused, so decoded memory can be views.
 */
final class FileChannelSource implements ByteSource, Closeable {
  private static final int CHUNK = 8 << 20;

  private final FileChannel channel;
  private final long size;

  FileChannelSource(Path path) throws IOException {
    this.channel = FileChannel.open(path, StandardOpenOption.READ);
    this.size = channel.size();
  }

  @Override
  public ByteBuffer fetch(long from, int minimum) throws IOException {
    int length = (int) Math.max(0, Math.min(size - from, Math.max(CHUNK, minimum)));
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, from + buffer.position()) < 0) {
        break; // the file shrank while we read it: hand out what there is
      }
    }
    return buffer.flip();
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
