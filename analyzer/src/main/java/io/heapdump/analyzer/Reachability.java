package io.heapdump.analyzer;

/**
 * Which objects some root reaches (live) and which it does not: garbage that the last GC had not
 * freed yet, allocated since, or waiting for a queued finalizer's own reachability. One bit per
 * object.
 */
public final class Reachability {
  private final long[] live;
  private final int liveCount;
  private final long liveBytes;
  private final int objectCount;
  private final long totalBytes;

  private Reachability(long[] live, int liveCount, long liveBytes, int objectCount, long totalBytes) {
    this.live = live;
    this.liveCount = liveCount;
    this.liveBytes = liveBytes;
    this.objectCount = objectCount;
    this.totalBytes = totalBytes;
  }

  /** Marks everything reachable from the graph's roots (breadth first, no recursion). */
  public static Reachability of(HeapGraph graph) {
    int n = graph.objectCount();
    long[] live = new long[(n + 63) >>> 6];
    int[] queue = new int[n];
    int tail = 0;
    Roots roots = graph.roots();
    for (int r = 0; r < roots.count(); r++) {
      tail = mark(live, queue, tail, roots.target(r));
    }
    long liveBytes = 0;
    for (int head = 0; head < tail; head++) {
      int v = queue[head];
      liveBytes += graph.size(v);
      for (int e = graph.edgesStart(v); e < graph.edgesEnd(v); e++) {
        tail = mark(live, queue, tail, graph.target(e));
      }
    }
    return new Reachability(live, tail, liveBytes, n, graph.totalBytes());
  }

  private static int mark(long[] live, int[] queue, int tail, int v) {
    long bit = 1L << v;
    if ((live[v >>> 6] & bit) == 0) {
      live[v >>> 6] |= bit;
      queue[tail++] = v;
    }
    return tail;
  }

  /** Whether object {@code v} is reachable from a root. */
  public boolean isLive(int v) {
    return (live[v >>> 6] & (1L << v)) != 0;
  }

  /** Number of reachable objects. */
  public int liveCount() {
    return liveCount;
  }

  /** Bytes of reachable objects. */
  public long liveBytes() {
    return liveBytes;
  }

  /** Number of unreachable objects. */
  public int garbageCount() {
    return objectCount - liveCount;
  }

  /** Bytes of unreachable objects. */
  public long garbageBytes() {
    return totalBytes - liveBytes;
  }
}
