package io.heapdump.codec;

import java.nio.ByteOrder;

/**
 * Tag 6: the dump's parameters, in one of three layouts ({@link Params} for go1.7 dumps,
 * {@link ParamsGo14} for go1.4 to go1.6, {@link ParamsGo13}). This interface gives the parts they
 * share.
 */
public sealed interface DumpParams extends DumpRecord permits Params, ParamsGo14, ParamsGo13 {
  /** Tag of this record. */
  int TAG = 6;

  /** Whether the dumped memory is big-endian. */
  boolean bigEndian();

  /** Pointer size in bytes (4 or 8 in any real dump). */
  long pointerSize();

  /** Lowest heap address (since Go 1.11 the start of the arenas' bounding box). */
  long heapStart();

  /** End of the heap (exclusive; can wrap to 0 on 32-bit targets). */
  long heapEnd();

  /** The architecture as a GOARCH name ({@code amd64}, {@code 386}, ...). */
  String architecture();

  /** Number of CPUs. */
  long cpuCount();

  @Override
  default int tag() {
    return TAG;
  }

  /**
   * How pointer words are laid out in dumped memory.
   *
   * @throws IllegalStateException when the pointer size is neither 4 nor 8
   */
  default WordFormat wordFormat() {
    long size = pointerSize();
    if (size != 4 && size != 8) {
      throw new IllegalStateException("pointer size " + Long.toUnsignedString(size) + " is not 4 or 8");
    }
    return new WordFormat((int) size, bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
  }

  /** The GOARCH name of an architecture character of Go 1.3 to 1.6 dumps ('6' is amd64). */
  static String architectureOfChar(long c) {
    switch ((int) c) {
      case '5':
        return "arm";
      case '6':
        return "amd64";
      case '8':
        return "386";
      case '9':
        return "ppc64";
      default:
        return c > 0x20 && c < 0x7f ? "unknown(" + (char) c + ")" : "unknown(" + c + ")";
    }
  }
}
