package io.heapdump.codec;

import com.google.common.base.Preconditions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A read-only run of dumped bytes: an object's contents, a stack frame, a data or bss segment.
 * Usually a view over the buffer the dump was decoded from (no copy); equality is by content.
 *
 * <p>A decoder in {@code skipContents} mode hands out memory that knows only its {@link #length()}:
 * reading its bytes fails with {@link IllegalStateException}.
 */
public final class Memory {
  /** Memory of length zero. */
  public static final Memory EMPTY = new Memory(ByteBuffer.allocate(0), 0, 0);

  private final ByteBuffer buffer; // read only through absolute gets, never repositioned
  private final int offset;
  private final int length;

  private Memory(ByteBuffer buffer, int offset, int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
  }

  /** Memory holding a copy of {@code bytes}. */
  public static Memory copyOf(byte[] bytes) {
    return wrap(bytes.clone());
  }

  /** Memory over {@code bytes} without copying; the caller must not change the array afterwards. */
  public static Memory wrap(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Memory(ByteBuffer.wrap(bytes), 0, bytes.length);
  }

  /**
   * A view of {@code length} bytes of {@code buffer} from absolute index {@code offset}, without
   * copying; the caller must not change those bytes afterwards.
   */
  public static Memory view(ByteBuffer buffer, int offset, int length) {
    Preconditions.checkPositionIndexes(offset, offset + length, buffer.limit());
    return new Memory(buffer, offset, length);
  }

  /** Memory whose length is known but whose bytes were skipped. */
  public static Memory absent(int length) {
    Preconditions.checkArgument(length >= 0, "negative length %s", length);
    return new Memory(null, 0, length);
  }

  /** Number of bytes. */
  public int length() {
    return length;
  }

  /** Whether the bytes are present (false in skipContents mode). */
  public boolean hasBytes() {
    return buffer != null;
  }

  /** The byte at {@code index}. */
  public byte byteAt(int index) {
    Preconditions.checkElementIndex(index, length);
    return bytes().get(offset + index);
  }

  /**
   * The unsigned word of {@code format.pointerSize()} bytes at {@code index}, in the format's byte
   * order.
   */
  public long pointerAt(int index, WordFormat format) {
    return wordAt(index, format.pointerSize(), format.byteOrder());
  }

  /** The unsigned integer of {@code size} (1, 2, 4 or 8) bytes at {@code index}. */
  public long wordAt(int index, int size, ByteOrder order) {
    Preconditions.checkPositionIndexes(index, index + size, length);
    ByteBuffer b = bytes();
    int at = offset + index;
    boolean big = order == ByteOrder.BIG_ENDIAN;
    switch (size) {
      case 1:
        return b.get(at) & 0xffL;
      case 2: {
        short s = b.getShort(at);
        return (big == (b.order() == ByteOrder.BIG_ENDIAN) ? s : Short.reverseBytes(s)) & 0xffffL;
      }
      case 4: {
        int i = b.getInt(at);
        return (big == (b.order() == ByteOrder.BIG_ENDIAN) ? i : Integer.reverseBytes(i))
            & 0xffffffffL;
      }
      case 8: {
        long l = b.getLong(at);
        return big == (b.order() == ByteOrder.BIG_ENDIAN) ? l : Long.reverseBytes(l);
      }
      default:
        throw new IllegalArgumentException("word size must be 1, 2, 4 or 8, not " + size);
    }
  }

  /** A view of {@code length} bytes from {@code index}. */
  public Memory slice(int index, int length) {
    Preconditions.checkPositionIndexes(index, index + length, this.length);
    return buffer == null ? absent(length) : new Memory(buffer, offset + index, length);
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    byte[] out = new byte[length];
    copyTo(0, out, 0, length);
    return out;
  }

  /** Copies {@code count} bytes from {@code index} into {@code dest} at {@code destOffset}. */
  public void copyTo(int index, byte[] dest, int destOffset, int count) {
    Preconditions.checkPositionIndexes(index, index + count, length);
    bytes().get(offset + index, dest, destOffset, count);
  }

  /** The bytes as a read-only buffer positioned at 0 (a view, no copy). */
  public ByteBuffer asByteBuffer() {
    return bytes().slice(offset, length).asReadOnlyBuffer();
  }

  private ByteBuffer bytes() {
    if (buffer == null) {
      throw new IllegalStateException("memory contents were skipped (skipContents mode)");
    }
    return buffer;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Memory other) || other.length != length) {
      return false;
    }
    if (buffer == null || other.buffer == null) {
      return buffer == other.buffer;
    }
    return buffer.slice(offset, length).equals(other.buffer.slice(other.offset, length));
  }

  @Override
  public int hashCode() {
    if (buffer == null) {
      return -length;
    }
    int h = 1;
    for (int i = 0; i < length; i++) {
      h = 31 * h + buffer.get(offset + i);
    }
    return h;
  }

  @Override
  public String toString() {
    if (buffer == null) {
      return "Memory[" + length + " bytes, skipped]";
    }
    StringBuilder sb = new StringBuilder("Memory[").append(length).append(" bytes");
    int shown = Math.min(length, 32);
    if (shown > 0) {
      sb.append(':');
    }
    for (int i = 0; i < shown; i++) {
      sb.append(' ').append(String.format("%02x", buffer.get(offset + i) & 0xff));
    }
    return sb.append(shown < length ? " ...]" : "]").toString();
  }
}
