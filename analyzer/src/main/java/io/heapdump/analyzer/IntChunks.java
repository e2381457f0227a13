package io.heapdump.analyzer;

import java.util.ArrayList;
import java.util.List;

/**
 * An append-only int sequence in fixed-size chunks: growing it never copies what is stored, so
 * collecting tens of millions of edges costs no transient doubling of memory.
 */
final class IntChunks {
  private static final int CHUNK_BITS = 20;
  private static final int CHUNK = 1 << CHUNK_BITS;
  private final List<int[]> chunks = new ArrayList<>();
  private int[] last = new int[0];
  private long size;

  void add(int value) {
    int at = (int) (size & (CHUNK - 1));
    if (at == 0) {
      last = new int[CHUNK];
      chunks.add(last);
    }
    last[at] = value;
    size++;
  }

  long size() {
    return size;
  }

  /** Copies {@code count} values from position {@code from} into {@code dest} at {@code at}. */
  void copyTo(long from, int[] dest, int at, int count) {
    while (count > 0) {
      int chunk = (int) (from >>> CHUNK_BITS);
      int offset = (int) (from & (CHUNK - 1));
      int n = Math.min(count, CHUNK - offset);
      System.arraycopy(chunks.get(chunk), offset, dest, at, n);
      from += n;
      at += n;
      count -= n;
    }
  }
}
