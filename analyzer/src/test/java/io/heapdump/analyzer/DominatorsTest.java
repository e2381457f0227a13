package io.heapdump.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Semi-NCA against a slow oracle ("remove a node, recompute reachability") on many random
 * graphs with chains, cycles, diamonds, self loops, multi-edges and unreachable parts.
 */
class DominatorsTest {
  private static final int GRAPHS = 600;

  /** A graph as adjacency lists, with roots and sizes. */
  private record Graph(List<List<Integer>> out, int[] roots, int[] sizes) {
    int n() {
      return out.size();
    }

    int[] edgeStarts() {
      int[] starts = new int[n() + 1];
      for (int v = 0; v < n(); v++) {
        starts[v + 1] = starts[v] + out.get(v).size();
      }
      return starts;
    }

    int[] targets() {
      return out.stream().flatMap(List::stream).mapToInt(Integer::intValue).toArray();
    }

    Dominators dominators() {
      return Dominators.compute(edgeStarts(), targets(), roots, v -> sizes[v]);
    }

    /** Reachable from the roots without passing through {@code removed} (-1: none removed). */
    boolean[] reachableWithout(int removed) {
      boolean[] seen = new boolean[n()];
      ArrayList<Integer> queue = new ArrayList<>();
      for (int r : roots) {
        if (r != removed && !seen[r]) {
          seen[r] = true;
          queue.add(r);
        }
      }
      for (int head = 0; head < queue.size(); head++) {
        for (int w : out.get(queue.get(head))) {
          if (w != removed && !seen[w]) {
            seen[w] = true;
            queue.add(w);
          }
        }
      }
      return seen;
    }
  }

  @Test
  void matchesRemoveNodeOracleOnRandomGraphs() {
    Random random = new Random(20261122L);
    for (int g = 0; g < GRAPHS; g++) {
      Graph graph = randomGraph(random);
      checkAgainstOracle(graph, "graph " + g + " " + graph.out() + " roots " + Arrays.toString(graph.roots()));
    }
  }

  private static void checkAgainstOracle(Graph graph, String name) {
    int n = graph.n();
    Dominators d = graph.dominators();
    boolean[] reachable = graph.reachableWithout(-1);
    // dominatedBy[x][v]: x dominates v (x != v), by removing x.
    boolean[][] dominatedBy = new boolean[n][];
    for (int x = 0; x < n; x++) {
      boolean[] without = graph.reachableWithout(x);
      dominatedBy[x] = new boolean[n];
      for (int v = 0; v < n; v++) {
        dominatedBy[x][v] = reachable[v] && v != x && !without[v];
      }
    }
    long reachableBytes = 0;
    for (int v = 0; v < n; v++) {
      if (!reachable[v]) {
        assertEquals(Dominators.UNREACHABLE, d.immediateDominator(v), name + " node " + v);
        assertEquals(0, d.retainedSize(v), name + " node " + v);
        continue;
      }
      reachableBytes += graph.sizes()[v];
      // The immediate dominator is the strict dominator that all other strict dominators dominate.
      int expected = Dominators.SUPER_ROOT;
      int mostDominators = -1;
      for (int x = 0; x < n; x++) {
        if (dominatedBy[x][v]) {
          int count = 0;
          for (int y = 0; y < n; y++) {
            count += dominatedBy[y][x] ? 1 : 0;
          }
          if (count > mostDominators) {
            mostDominators = count;
            expected = x;
          }
        }
      }
      assertEquals(expected, d.immediateDominator(v), name + " idom of " + v);
      long retained = graph.sizes()[v];
      for (int w = 0; w < n; w++) {
        retained += dominatedBy[v][w] ? graph.sizes()[w] : 0;
      }
      assertEquals(retained, d.retainedSize(v), name + " retained of " + v);
    }
    assertEquals(reachableBytes, d.superRootRetained(), name);
  }

  /** Random shapes glued together: chains, cycles, diamonds, self loops, random extra edges. */
  private static Graph randomGraph(Random random) {
    int n = 1 + random.nextInt(40);
    List<List<Integer>> out = new ArrayList<>();
    for (int v = 0; v < n; v++) {
      out.add(new ArrayList<>());
    }
    int pieces = 1 + random.nextInt(4);
    for (int p = 0; p < pieces; p++) {
      int a = random.nextInt(n);
      int length = 1 + random.nextInt(Math.min(n, 12));
      int[] path = random.ints(length, 0, n).toArray();
      path[0] = a;
      switch (random.nextInt(4)) {
        case 0 -> { // chain
          for (int i = 0; i + 1 < length; i++) {
            out.get(path[i]).add(path[i + 1]);
          }
        }
        case 1 -> { // cycle
          for (int i = 0; i < length; i++) {
            out.get(path[i]).add(path[(i + 1) % length]);
          }
        }
        case 2 -> { // diamond a -> {b, c} -> d
          int b = random.nextInt(n);
          int c = random.nextInt(n);
          int e = random.nextInt(n);
          out.get(a).add(b);
          out.get(a).add(c);
          out.get(b).add(e);
          out.get(c).add(e);
        }
        default -> out.get(a).add(a); // self loop
      }
    }
    int extra = random.nextInt(2 * n + 1);
    for (int i = 0; i < extra; i++) {
      out.get(random.nextInt(n)).add(random.nextInt(n));
    }
    int[] roots = random.ints(1 + random.nextInt(3), 0, n).toArray(); // duplicates allowed
    int[] sizes = random.ints(n, 1, 100).map(s -> s * 8).toArray();
    return new Graph(out, roots, sizes);
  }

  @Test
  void longChainNeedsNoDeepStack() {
    int n = 2_000_000;
    int[] starts = new int[n + 1];
    int[] targets = new int[n - 1];
    for (int v = 0; v < n; v++) {
      starts[v + 1] = Math.min(v + 1, n - 1);
    }
    for (int v = 0; v + 1 < n; v++) {
      targets[v] = v + 1;
    }
    Dominators d = Dominators.compute(starts, targets, new int[] {0}, v -> 16);
    assertEquals(Dominators.SUPER_ROOT, d.immediateDominator(0));
    assertEquals(n - 2, d.immediateDominator(n - 1));
    assertEquals(16L * n, d.retainedSize(0));
    assertEquals(16L, d.retainedSize(n - 1));
    assertEquals(n, d.reachableCount());
  }

  @Test
  void chainWithBackEdgesToTheHeadCompressesLongPaths() {
    // Every node points back at the head: the head dominates all, each node its successor.
    int n = 500_000;
    int[] starts = new int[n + 1];
    int[] targets = new int[2 * n - 1];
    int e = 0;
    for (int v = 0; v < n; v++) {
      starts[v] = e;
      if (v + 1 < n) {
        targets[e++] = v + 1;
      }
      targets[e++] = 0;
    }
    starts[n] = e;
    Dominators d = Dominators.compute(starts, targets, new int[] {0}, v -> 8);
    for (int v = 1; v < n; v++) {
      assertEquals(v - 1, d.immediateDominator(v));
    }
    assertEquals(8L * n, d.retainedSize(0));
  }

  @Test
  void emptyGraphAndNoRoots() {
    Dominators none = Dominators.compute(new int[] {0}, new int[0], new int[0], v -> 8);
    assertEquals(0, none.superRootRetained());
    Dominators rootless = Dominators.compute(new int[] {0, 1, 1}, new int[] {1}, new int[0], v -> 8);
    assertEquals(Dominators.UNREACHABLE, rootless.immediateDominator(0));
    assertEquals(Dominators.UNREACHABLE, rootless.immediateDominator(1));
  }

  @Test
  void topByRetainedIsOrdered() {
    // 0 -> 1 -> 2, 3 alone: retained 24, 16, 8, 8.
    Dominators d = Dominators.compute(new int[] {0, 1, 2, 2, 2}, new int[] {1, 2}, new int[] {0, 3},
        v -> 8);
    assertEquals(List.of(0, 1, 2), Arrays.stream(d.topByRetained(3)).boxed().toList());
    assertEquals(4, d.topByRetained(10).length);
  }
}
