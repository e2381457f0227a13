package io.heapdump.reader;

/**
 * An immutable array of non-negative longs held in 4 bytes each when every value is below 2^32
 * (file offsets in dumps under 4 GiB, retained sizes in heaps under 4 GiB), else in 8. Per-object
 * arrays of millions of entries are the memory of an analysis: halving the common case matters.
 */
public final class CompactLongArray {
  private final int[] narrow; // unsigned; null when wide is used
  private final long[] wide;

  private CompactLongArray(int[] narrow, long[] wide) {
    this.narrow = narrow;
    this.wide = wide;
  }

  /** The first {@code length} values of {@code values} (not kept: the caller may reuse it). */
  public static CompactLongArray of(long[] values, int length) {
    for (int i = 0; i < length; i++) {
      if ((values[i] >>> 32) != 0) {
        return new CompactLongArray(null, java.util.Arrays.copyOf(values, length));
      }
    }
    int[] narrow = new int[length];
    for (int i = 0; i < length; i++) {
      narrow[i] = (int) values[i];
    }
    return new CompactLongArray(narrow, null);
  }

  /** Value {@code i}. */
  public long get(int i) {
    return narrow != null ? narrow[i] & 0xffffffffL : wide[i];
  }

  /** Number of values. */
  public int length() {
    return narrow != null ? narrow.length : wide.length;
  }

  /** Bytes the values take. */
  public long memoryBytes() {
    return narrow != null ? 4L * narrow.length : 8L * wide.length;
  }
}
