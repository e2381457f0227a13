package io.heapdump.analyzer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed between two histograms of the same kind (by type, by site, by size class) of two
 * dumps: old and new counts and bytes per key, biggest growth first.
 */
public final class HeapDiff {
  private final List<Row> rows;

  private HeapDiff(List<Row> rows) {
    this.rows = List.copyOf(rows);
  }

  /**
   * One key's change.
   *
   * @param key the histogram key
   * @param oldCount objects in the old dump
   * @param oldBytes bytes in the old dump
   * @param newCount objects in the new dump
   * @param newBytes bytes in the new dump
   */
  public record Row(String key, long oldCount, long oldBytes, long newCount, long newBytes) {
    /** New count minus old count. */
    public long countDelta() {
      return newCount - oldCount;
    }

    /** New bytes minus old bytes. */
    public long bytesDelta() {
      return newBytes - oldBytes;
    }
  }

  /** Compares the rows of two histograms by key. */
  public static HeapDiff compare(Histogram before, Histogram after) {
    Map<String, long[]> byKey = new LinkedHashMap<>();
    for (Histogram.Row r : before.rows()) {
      long[] v = byKey.computeIfAbsent(r.key(), k -> new long[4]);
      v[0] += r.count();
      v[1] += r.bytes();
    }
    for (Histogram.Row r : after.rows()) {
      long[] v = byKey.computeIfAbsent(r.key(), k -> new long[4]);
      v[2] += r.count();
      v[3] += r.bytes();
    }
    List<Row> rows = new ArrayList<>();
    byKey.forEach((key, v) -> rows.add(new Row(key, v[0], v[1], v[2], v[3])));
    rows.sort(Comparator.comparingLong(Row::bytesDelta).reversed()
        .thenComparing(Comparator.comparingLong(Row::countDelta).reversed())
        .thenComparing(Row::key));
    return new HeapDiff(rows);
  }

  /** All keys, biggest byte growth first (shrinking keys last). */
  public List<Row> rows() {
    return rows;
  }

  /** Only the keys whose count or bytes changed, in the same order. */
  public List<Row> changed() {
    return rows.stream().filter(r -> r.countDelta() != 0 || r.bytesDelta() != 0).toList();
  }

  /** The row with this key, or null. */
  public Row row(String key) {
    for (Row r : rows) {
      if (r.key().equals(key)) {
        return r;
      }
    }
    return null;
  }
}
