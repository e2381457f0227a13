package io.heapdump.analyzer;

import java.util.Arrays;

/** A growable long array without boxing. */
final class LongList {
  private long[] values;
  private int size;

  LongList(int capacity) {
    values = new long[Math.max(capacity, 8)];
  }

  void add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size + (size >> 1) + 8);
    }
    values[size++] = value;
  }

  long get(int i) {
    return values[i];
  }

  int size() {
    return size;
  }
}
