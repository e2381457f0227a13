package io.heapdump.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The encoding side of the wire: writes each primitive in Go's minimal form into a buffer that is
 * flushed to an output stream, and counts the bytes written.
 */
final class DumpOutput implements Wire {
  private static final int BUFFER_SIZE = 1 << 16;

  private final OutputStream out;
  private final DumpVersion version;
  private final byte[] buffer = new byte[BUFFER_SIZE];
  private int used;
  private long flushed;

  DumpOutput(OutputStream out, DumpVersion version) {
    this.out = out;
    this.version = version;
  }

  @Override
  public DumpVersion version() {
    return version;
  }

  /** Bytes written so far, buffered ones included. */
  long position() {
    return flushed + used;
  }

  void flush() throws IOException {
    out.write(buffer, 0, used);
    flushed += used;
    used = 0;
    out.flush();
  }

  void close() throws IOException {
    try {
      flush();
    } finally {
      out.close();
    }
  }

  private void room(int n) throws IOException {
    if (BUFFER_SIZE - used < n) {
      out.write(buffer, 0, used);
      flushed += used;
      used = 0;
    }
  }

  void rawBytes(byte[] bytes) throws IOException {
    room(bytes.length);
    if (bytes.length > BUFFER_SIZE) {
      out.write(bytes);
      flushed += bytes.length;
    } else {
      System.arraycopy(bytes, 0, buffer, used, bytes.length);
      used += bytes.length;
    }
  }

  @Override
  public long uvarint(long value) throws IOException {
    room(DumpInput.MAX_VARINT_LENGTH);
    long v = value;
    byte[] b = buffer;
    int p = used;
    while ((v & ~0x7fL) != 0) {
      b[p++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    b[p++] = (byte) v;
    used = p;
    return value;
  }

  @Override
  public boolean bool(boolean value) throws IOException {
    uvarint(value ? 1 : 0);
    return value;
  }

  @Override
  public String string(String value) throws IOException {
    byte[] bytes = GoStrings.encode(value);
    uvarint(bytes.length);
    rawBytes(bytes);
    return value;
  }

  @Override
  public Memory memory(Memory value) throws IOException {
    int n = value.length();
    uvarint(n);
    if (n > 0 && !value.hasBytes()) {
      throw new IllegalArgumentException("cannot encode memory whose contents were skipped");
    }
    int done = 0;
    while (done < n) {
      if (used == BUFFER_SIZE) {
        room(BUFFER_SIZE);
      }
      int chunk = Math.min(n - done, BUFFER_SIZE - used);
      value.copyTo(done, buffer, used, chunk);
      used += chunk;
      done += chunk;
    }
    return value;
  }

  @Override
  public FieldList fields(FieldList value) throws IOException {
    for (int i = 0; i < value.size(); i++) {
      uvarint(version.fieldCode(value.kind(i)));
      uvarint(value.offset(i));
    }
    uvarint(0);
    return value;
  }

  @Override
  public long[] uvarints(long[] values, int count) throws IOException {
    if (values.length != count) {
      throw new IllegalArgumentException("expected " + count + " values, got " + values.length);
    }
    for (long v : values) {
      uvarint(v);
    }
    return values;
  }

  @Override
  public <T> List<T> list(List<T> values, T template, Layout<T> element) throws IOException {
    uvarint(values.size());
    for (T v : values) {
      element.wire(this, v);
    }
    return values;
  }
}
