package io.heapdump.analyzer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * Object counts and bytes grouped by a key (type, size class, allocation site), largest bytes
 * first. Each factory takes a filter of objects to count, e.g. {@code reachability::isLive}, or
 * null for all.
 */
public final class Histogram {
  /** Objects without an allocation sample, in {@link #bySite}. */
  public static final String NO_SITE = "(no allocation sample)";

  private final List<Row> rows;

  private Histogram(List<Row> rows) {
    rows.sort(Comparator.comparingLong(Row::bytes).reversed().thenComparing(Row::key));
    this.rows = List.copyOf(rows);
  }

  /**
   * One group.
   *
   * @param key what the objects share
   * @param count how many objects
   * @param bytes their total size
   */
  public record Row(String key, long count, long bytes) {}

  /** The rows, largest bytes first (ties by key). */
  public List<Row> rows() {
    return rows;
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

  /** Sum of the counts. */
  public long totalCount() {
    return rows.stream().mapToLong(Row::count).sum();
  }

  /** Sum of the bytes. */
  public long totalBytes() {
    return rows.stream().mapToLong(Row::bytes).sum();
  }

  /** Objects by type name, untyped ones by layout ({@link ObjectTypes#label}). */
  public static Histogram byType(HeapGraph graph, ObjectTypes types, IntPredicate filter) {
    return byClass(graph, types::classOf, types.classCount(), types::className, filter);
  }

  /** Objects by allocation stack; objects the profiler did not sample under {@link #NO_SITE}. */
  public static Histogram bySite(HeapGraph graph, AllocationSites sites, IntPredicate filter) {
    int siteCount = sites.sites().size();
    return byClass(graph, v -> sites.siteOf(v) < 0 ? siteCount : sites.siteOf(v), siteCount + 1,
        c -> c == siteCount ? NO_SITE : sites.sites().get(c).stack(), filter);
  }

  /** Objects by size class ({@code size 32}). */
  public static Histogram bySizeClass(HeapGraph graph, IntPredicate filter) {
    int[] sizes = new int[graph.objectCount()];
    int count = 0;
    for (int v = 0; v < sizes.length; v++) {
      if (filter == null || filter.test(v)) {
        sizes[count++] = graph.size(v);
      }
    }
    Arrays.sort(sizes, 0, count);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < count; ) {
      int j = i;
      while (j < count && sizes[j] == sizes[i]) {
        j++;
      }
      rows.add(new Row("size " + sizes[i], j - i, (long) sizes[i] * (j - i)));
      i = j;
    }
    return new Histogram(rows);
  }

  /**
   * Objects by an int class ({@code 0..classCount-1}); classes with the same name are merged.
   */
  static Histogram byClass(HeapGraph graph, IntUnaryOperator classOf, int classCount,
      IntFunction<String> className, IntPredicate filter) {
    long[] counts = new long[classCount];
    long[] bytes = new long[classCount];
    for (int v = 0; v < graph.objectCount(); v++) {
      if (filter == null || filter.test(v)) {
        int c = classOf.applyAsInt(v);
        counts[c]++;
        bytes[c] += graph.size(v);
      }
    }
    Map<String, long[]> merged = new LinkedHashMap<>();
    for (int c = 0; c < classCount; c++) {
      if (counts[c] > 0) {
        long[] sum = merged.computeIfAbsent(className.apply(c), k -> new long[2]);
        sum[0] += counts[c];
        sum[1] += bytes[c];
      }
    }
    List<Row> rows = new ArrayList<>();
    merged.forEach((key, sum) -> rows.add(new Row(key, sum[0], sum[1])));
    return new Histogram(rows);
  }
}
