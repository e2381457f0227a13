package io.heapdump.analyzer;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Shortest paths from the roots to every reachable object: one breadth-first search from all
 * roots at once, globals first, so that among paths of equal length the one from a global wins.
 */
public final class RootPaths {
  private static final int UNVISITED = Integer.MIN_VALUE;

  private final HeapGraph graph;
  /** Predecessor object, or {@code -1 - root} for objects a root points at directly. */
  private final int[] via;

  private RootPaths(HeapGraph graph, int[] via) {
    this.graph = graph;
    this.via = via;
  }

  /** Runs the search from all roots of {@code graph}. */
  public static RootPaths of(HeapGraph graph) {
    return of(graph, r -> true);
  }

  /**
   * Runs the search from the roots that {@code useRoot} accepts (by index in
   * {@link HeapGraph#roots()}), e.g. only globals, or only the root at one global's address.
   */
  public static RootPaths of(HeapGraph graph, IntPredicate useRoot) {
    int n = graph.objectCount();
    int[] via = new int[n];
    Arrays.fill(via, UNVISITED);
    int[] queue = new int[n];
    int tail = 0;
    Roots roots = graph.roots();
    for (int pass = 0; pass < 2; pass++) {
      for (int r = 0; r < roots.count(); r++) {
        boolean global = roots.kind(r) == RootKind.DATA || roots.kind(r) == RootKind.BSS;
        int v = roots.target(r);
        if (global == (pass == 0) && via[v] == UNVISITED && useRoot.test(r)) {
          via[v] = -1 - r;
          queue[tail++] = v;
        }
      }
    }
    for (int head = 0; head < tail; head++) {
      int v = queue[head];
      for (int e = graph.edgesStart(v); e < graph.edgesEnd(v); e++) {
        int w = graph.target(e);
        if (via[w] == UNVISITED) {
          via[w] = v;
          queue[tail++] = w;
        }
      }
    }
    return new RootPaths(graph, via);
  }

  /** Whether some root (of those searched from) reaches object {@code v}. */
  public boolean isReachable(int v) {
    return via[v] != UNVISITED;
  }

  /** A shortest path from a root to object {@code v}, or null when no root reaches it. */
  public RootPath pathTo(int v) {
    if (via[v] == UNVISITED) {
      return null;
    }
    IntList reversed = new IntList(16);
    int x = v;
    while (via[x] >= 0) {
      reversed.add(x);
      x = via[x];
    }
    reversed.add(x);
    int[] objects = new int[reversed.size()];
    for (int i = 0; i < objects.length; i++) {
      objects[i] = reversed.get(objects.length - 1 - i);
    }
    return new RootPath(-1 - via[x], objects);
  }

  /** The graph searched. */
  public HeapGraph graph() {
    return graph;
  }
}
