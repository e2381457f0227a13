package io.heapdump.codec;

import com.google.common.base.Preconditions;
import java.nio.ByteOrder;

/**
 * How a pointer word is laid out in dumped memory: its size (4 or 8 bytes) and byte order, as the
 * params record names them.
 */
public record WordFormat(int pointerSize, ByteOrder byteOrder) {
  /** 8-byte little-endian words (amd64, arm64). */
  public static final WordFormat LITTLE_ENDIAN_64 = new WordFormat(8, ByteOrder.LITTLE_ENDIAN);
  /** 4-byte little-endian words (386, arm). */
  public static final WordFormat LITTLE_ENDIAN_32 = new WordFormat(4, ByteOrder.LITTLE_ENDIAN);

  public WordFormat {
    Preconditions.checkArgument(
        pointerSize == 4 || pointerSize == 8, "pointer size must be 4 or 8, not %s", pointerSize);
    Preconditions.checkNotNull(byteOrder, "byteOrder");
  }

  /** Whether the words are big-endian. */
  public boolean bigEndian() {
    return byteOrder == ByteOrder.BIG_ENDIAN;
  }
}
