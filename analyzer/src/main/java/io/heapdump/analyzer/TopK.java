package io.heapdump.analyzer;

import io.heapdump.reader.CompactLongArray;
import java.util.PriorityQueue;

/** The indexes of the largest values of a primitive array, without boxing every index. */
final class TopK {
  private TopK() {}

  /** Indexes of the {@code k} largest positive values, largest first (ties: lower index first). */
  static int[] largest(CompactLongArray values, int k) {
    if (k <= 0) {
      return new int[0];
    }
    // A min-heap of at most k indexes; only candidates beating the current minimum are boxed.
    PriorityQueue<Integer> heap = new PriorityQueue<>(
        (a, b) -> values.get(a) != values.get(b)
            ? Long.compare(values.get(a), values.get(b)) : Integer.compare(b, a));
    for (int i = 0; i < values.length(); i++) {
      long value = values.get(i);
      if (value <= 0) {
        continue;
      }
      if (heap.size() < k) {
        heap.add(i);
      } else if (value > values.get(heap.peek())) {
        heap.poll();
        heap.add(i);
      }
    }
    int[] out = new int[heap.size()];
    for (int j = out.length - 1; j >= 0; j--) {
      out[j] = heap.poll();
    }
    return out;
  }
}
