package io.heapdump.codec;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * Tag 10: the runtime's memory statistics, exactly 281 values: the 24 named below, the 256 recent
 * GC pause times, and the GC count. Since Go 1.16 they equal {@code runtime.ReadMemStats} at the
 * moment of the dump; since Go 1.9 {@link #lastGC()} is wall-clock nanoseconds.
 *
 * <p>The components mirror Go's {@code runtime.MemStats} fields of the same names.
 */
public record MemStats(
    long alloc, long totalAlloc, long sys, long lookups, long mallocs, long frees,
    long heapAlloc, long heapSys, long heapIdle, long heapInuse, long heapReleased, long heapObjects,
    long stackInuse, long stackSys, long mSpanInuse, long mSpanSys, long mCacheInuse, long mCacheSys,
    long buckHashSys, long gcSys, long otherSys, long nextGC, long lastGC, long pauseTotalNs,
    long[] pauseNs, long numGC) implements DumpRecord {
  /** Tag of this record. */
  public static final int TAG = 10;
  /** Number of recent pause times in {@link #pauseNs()}. */
  public static final int PAUSE_HISTORY = 256;
  /** Number of uvarints in the record. */
  public static final int VALUE_COUNT = 24 + PAUSE_HISTORY + 1;

  static final RecordLayout<MemStats> LAYOUT = RecordLayout.all(
      TAG, MemStats.class, ofValues(new long[VALUE_COUNT]),
      (w, r) -> new MemStats(
          w.uvarint(r.alloc), w.uvarint(r.totalAlloc), w.uvarint(r.sys), w.uvarint(r.lookups),
          w.uvarint(r.mallocs), w.uvarint(r.frees), w.uvarint(r.heapAlloc), w.uvarint(r.heapSys),
          w.uvarint(r.heapIdle), w.uvarint(r.heapInuse), w.uvarint(r.heapReleased), w.uvarint(r.heapObjects),
          w.uvarint(r.stackInuse), w.uvarint(r.stackSys), w.uvarint(r.mSpanInuse), w.uvarint(r.mSpanSys),
          w.uvarint(r.mCacheInuse), w.uvarint(r.mCacheSys), w.uvarint(r.buckHashSys), w.uvarint(r.gcSys),
          w.uvarint(r.otherSys), w.uvarint(r.nextGC), w.uvarint(r.lastGC), w.uvarint(r.pauseTotalNs),
          w.uvarints(r.pauseNs, PAUSE_HISTORY), w.uvarint(r.numGC)));

  /** Checks there are 256 pause times and keeps a copy of them. */
  public MemStats {
    Preconditions.checkArgument(
        pauseNs.length == PAUSE_HISTORY, "pauseNs needs %s values, not %s", PAUSE_HISTORY,
        pauseNs.length);
    pauseNs = pauseNs.clone();
  }

  /**
   * Memory statistics from the 281 values in wire order.
   *
   * @throws IllegalArgumentException when there are not exactly {@value #VALUE_COUNT} values
   */
  public static MemStats ofValues(long[] v) {
    Preconditions.checkArgument(
        v.length == VALUE_COUNT, "memstats needs %s values, not %s", VALUE_COUNT, v.length);
    return new MemStats(
        v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15], v[16], v[17], v[18], v[19], v[20], v[21], v[22], v[23],
        Arrays.copyOfRange(v, 24, 24 + PAUSE_HISTORY), v[VALUE_COUNT - 1]);
  }

  /** The 281 values in wire order. */
  public long[] values() {
    long[] v = new long[VALUE_COUNT];
    long[] named = {alloc, totalAlloc, sys, lookups, mallocs, frees, heapAlloc, heapSys, heapIdle, heapInuse, heapReleased, heapObjects, stackInuse, stackSys, mSpanInuse, mSpanSys, mCacheInuse, mCacheSys, buckHashSys, gcSys, otherSys, nextGC, lastGC, pauseTotalNs};
    System.arraycopy(named, 0, v, 0, named.length);
    System.arraycopy(pauseNs, 0, v, 24, PAUSE_HISTORY);
    v[VALUE_COUNT - 1] = numGC;
    return v;
  }

  /** The 256 most recent GC pause times (a copy), a circular buffer indexed by GC number. */
  @Override
  public long[] pauseNs() {
    return pauseNs.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemStats other && Arrays.equals(values(), other.values());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values());
  }

  @Override
  public String toString() {
    return "MemStats[alloc=" + alloc + ", heapObjects=" + heapObjects + ", numGC=" + numGC
        + ", pauseTotalNs=" + pauseTotalNs + ", lastGC=" + lastGC + "]";
  }

  @Override
  public int tag() {
    return TAG;
  }
}
