package io.heapdump.analyzer;

import java.util.PriorityQueue;

/** The indexes of the largest values of a primitive array, without boxing every index. */
final class TopK {
  private TopK() {}

  /** Indexes of the {@code k} largest positive values, largest first (ties: lower index first). */
  static int[] largest(long[] values, int k) {
    if (k <= 0) {
      return new int[0];
    }
    // A min-heap of at most k indexes; only candidates beating the current minimum are boxed.
    PriorityQueue<Integer> heap = new PriorityQueue<>(
        (a, b) -> values[a] != values[b] ? Long.compare(values[a], values[b]) : Integer.compare(b, a));
    for (int i = 0; i < values.length; i++) {
      if (values[i] <= 0) {
        continue;
      }
      if (heap.size() < k) {
        heap.add(i);
      } else if (values[i] > values[heap.peek()]) {
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
