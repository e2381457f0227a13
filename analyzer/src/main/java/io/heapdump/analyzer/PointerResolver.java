package io.heapdump.analyzer;

import io.heapdump.reader.ObjectIndex;

/**
 * Turns the millions of pointer words of a graph load into objects faster than a binary search
 * over all objects: a page table over the objects' address range gives the few objects that start
 * in a pointer's page, and the search runs among those. Lives only while the graph loads (at most
 * one int per four objects); answers as {@link ObjectIndex#indexOf}.
 */
final class PointerResolver {
  private final ObjectIndex objects;
  private final long base;
  private final long span;
  private final int shift;
  /** firstStart[k]: the first object starting at or after page k. */
  private final int[] firstStart;

  private PointerResolver(ObjectIndex objects, long base, long span, int shift, int[] firstStart) {
    this.objects = objects;
    this.base = base;
    this.span = span;
    this.shift = shift;
    this.firstStart = firstStart;
  }

  static PointerResolver over(ObjectIndex objects) {
    int n = objects.size();
    if (n == 0) {
      return new PointerResolver(objects, 0, 0, 0, new int[] {0, 0});
    }
    long base = objects.address(0);
    long span = objects.address(n - 1) + objects.length(n - 1) - base;
    int shift = 3;
    while (shift < 62 && (span >>> shift) > Math.max(1024, n / 4)) {
      shift++;
    }
    int pages = (int) (span >>> shift) + 1;
    int[] firstStart = new int[pages + 1];
    int v = 0;
    for (int page = 0; page <= pages; page++) {
      long pageStart = (long) page << shift;
      while (v < n && objects.address(v) - base < pageStart) {
        v++;
      }
      firstStart[page] = v;
    }
    return new PointerResolver(objects, base, span, shift, firstStart);
  }

  /** The object containing {@code address}, or -1. */
  int indexOf(long address) {
    long offset = address - base;
    int v = lastStartingAtOrBefore(offset);
    return v >= 0 && offset - (objects.address(v) - base) < objects.length(v) ? v : -1;
  }

  /** The object starting exactly at {@code address} (even if it is empty), or -1. */
  int indexOfStart(long address) {
    int v = lastStartingAtOrBefore(address - base);
    return v >= 0 && objects.address(v) == address ? v : -1;
  }

  private int lastStartingAtOrBefore(long offset) {
    if (Long.compareUnsigned(offset, span) >= 0) {
      return -1;
    }
    int page = (int) (offset >>> shift);
    // It starts in this page or is the last one before it.
    int lo = firstStart[page];
    int hi = firstStart[page + 1] - 1;
    int found = lo - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (objects.address(mid) - base <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}
