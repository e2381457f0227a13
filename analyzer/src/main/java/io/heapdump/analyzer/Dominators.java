package io.heapdump.analyzer;

import io.heapdump.reader.CompactLongArray;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * The dominator tree of a {@link HeapGraph} over a virtual super-root whose children are the
 * roots' targets, and the retained size of every object: the bytes that would be freed if the
 * object were. Computed with the semi-NCA algorithm (Georgiadis), iteratively, so chains of
 * millions of objects need no deep stack.
 */
public final class Dominators {
  /** {@link #immediateDominator} of an object dominated only by the virtual super-root. */
  public static final int SUPER_ROOT = -1;
  /** {@link #immediateDominator} of an object that no root reaches. */
  public static final int UNREACHABLE = -2;

  private final int[] idom;
  private final CompactLongArray retained;
  private final long reachableBytes;
  private final int reachableCount;

  private Dominators(
      int[] idom, CompactLongArray retained, long reachableBytes, int reachableCount) {
    this.idom = idom;
    this.retained = retained;
    this.reachableBytes = reachableBytes;
    this.reachableCount = reachableCount;
  }

  /** Computes the dominator tree and retained sizes of {@code graph}. */
  public static Dominators compute(HeapGraph graph) {
    Roots roots = graph.roots();
    int[] rootTargets = new int[roots.count()];
    for (int r = 0; r < rootTargets.length; r++) {
      rootTargets[r] = roots.target(r);
    }
    return compute(graph.edgeStartArray(), graph.targetArray(), rootTargets, graph::size);
  }

  /**
   * Computes dominators of a graph in compressed sparse rows: the edges of node {@code v} are
   * {@code targets[edgeStarts[v] .. edgeStarts[v + 1])}, {@code edgeStarts.length - 1} nodes.
   */
  static Dominators compute(int[] edgeStarts, int[] targets, int[] rootTargets, IntUnaryOperator size) {
    return new SemiNca(edgeStarts, targets, rootTargets, size).run();
  }

  /**
   * The immediate dominator of object {@code v}: another object, {@link #SUPER_ROOT}, or
   * {@link #UNREACHABLE}.
   */
  public int immediateDominator(int v) {
    return idom[v];
  }

  /** Whether some root reaches object {@code v}. */
  public boolean isReachable(int v) {
    return idom[v] != UNREACHABLE;
  }

  /** Whether {@code d} dominates {@code v} (every object dominates itself). */
  public boolean dominates(int d, int v) {
    if (idom[v] == UNREACHABLE || idom[d] == UNREACHABLE) {
      return false;
    }
    for (int x = v; x >= 0; x = idom[x]) {
      if (x == d) {
        return true;
      }
    }
    return false;
  }

  /** Bytes retained by object {@code v}: its size plus all objects it dominates; 0 if unreachable. */
  public long retainedSize(int v) {
    return retained.get(v);
  }

  /** Bytes retained by the super-root: all reachable bytes. */
  public long superRootRetained() {
    return reachableBytes;
  }

  /** Number of reachable objects. */
  public int reachableCount() {
    return reachableCount;
  }

  /** The {@code k} reachable objects with the largest retained sizes, largest first. */
  public int[] topByRetained(int k) {
    return TopK.largest(retained, k);
  }

  /** Bytes held by the result arrays. */
  public long footprintBytes() {
    return 4L * idom.length + retained.memoryBytes();
  }

  /**
   * The algorithm's state. Vertices are numbered in DFS preorder from 0 (the super-root); all
   * working arrays are indexed by that number and reused across phases to keep the peak low.
   */
  private static final class SemiNca {
    private final int[] edgeStarts;
    private final int[] targets;
    private final int[] rootTargets;
    private final IntUnaryOperator size;
    private final int n;
    private int count; // reachable objects + 1 (the super-root)
    private int[] vertex; // number -> object (vertex[0] = -1)
    private int[] parent; // number -> DFS parent number; becomes idom
    private int[] semi;
    private int[] label; // min semi value on the compressed path
    private int[] ancestor;
    private int[] predStarts;
    private int[] preds;

    SemiNca(int[] edgeStarts, int[] targets, int[] rootTargets, IntUnaryOperator size) {
      this.edgeStarts = edgeStarts;
      this.targets = targets;
      this.rootTargets = rootTargets;
      this.size = size;
      this.n = edgeStarts.length - 1;
    }

    Dominators run() {
      int[] number = depthFirst();
      buildPredecessors(number);
      ancestor = number; // same length; its node-indexed content is no longer needed
      System.arraycopy(parent, 0, ancestor, 0, count);
      semidominators();
      predStarts = null;
      preds = null;
      ancestor = null;
      label = null;
      nearestCommonAncestors();
      semi = null;
      return result();
    }

    /** Numbers the reachable objects in preorder; returns object -> number (0 = unvisited). */
    private int[] depthFirst() {
      int[] number = new int[n + 1];
      vertex = new int[n + 1];
      parent = new int[n + 1];
      // semi and label serve as the DFS stack (object, next edge) until the DFS is over.
      semi = new int[n + 1];
      label = new int[n + 1];
      int[] stackNode = semi;
      int[] stackEdge = label;
      vertex[0] = -1;
      count = 1;
      for (int root : rootTargets) {
        if (number[root] != 0) {
          continue;
        }
        number[root] = count;
        vertex[count] = root;
        parent[count] = 0;
        count++;
        int top = 0;
        stackNode[0] = root;
        stackEdge[0] = edgeStarts[root];
        while (top >= 0) {
          int v = stackNode[top];
          int e = stackEdge[top];
          if (e < edgeStarts[v + 1]) {
            stackEdge[top] = e + 1;
            int w = targets[e];
            if (number[w] == 0) {
              number[w] = count;
              vertex[count] = w;
              parent[count] = number[v];
              count++;
              top++;
              stackNode[top] = w;
              stackEdge[top] = edgeStarts[w];
            }
          } else {
            top--;
          }
        }
      }
      return number;
    }

    /** Predecessor lists in number space, among reachable vertices; root targets get 0. */
    private void buildPredecessors(int[] number) {
      predStarts = new int[count + 1];
      for (int root : rootTargets) {
        predStarts[number[root] + 1]++;
      }
      for (int i = 1; i < count; i++) {
        int v = vertex[i];
        for (int e = edgeStarts[v]; e < edgeStarts[v + 1]; e++) {
          predStarts[number[targets[e]] + 1]++;
        }
      }
      for (int i = 0; i < count; i++) {
        predStarts[i + 1] += predStarts[i];
      }
      preds = new int[predStarts[count]];
      int[] cursor = label;
      System.arraycopy(predStarts, 0, cursor, 0, count);
      for (int root : rootTargets) {
        preds[cursor[number[root]]++] = 0;
      }
      for (int i = 1; i < count; i++) {
        int v = vertex[i];
        for (int e = edgeStarts[v]; e < edgeStarts[v + 1]; e++) {
          preds[cursor[number[targets[e]]]++] = i;
        }
      }
    }

    /**
     * Semidominators in reverse preorder, with path compression over the vertices already
     * processed (those numbered above the current one).
     */
    private void semidominators() {
      for (int i = 0; i < count; i++) {
        semi[i] = i;
      }
      IntList path = new IntList(64);
      for (int w = count - 1; w >= 1; w--) {
        int best = semi[w];
        for (int p = predStarts[w]; p < predStarts[w + 1]; p++) {
          int v = preds[p];
          int candidate = v <= w ? v : eval(v, w, path);
          if (candidate < best) {
            best = candidate;
          }
        }
        semi[w] = best;
        label[w] = best;
      }
    }

    /** Min semi on the path from linked vertex {@code v} to its forest root, compressing it. */
    private int eval(int v, int current, IntList path) {
      int x = v;
      while (ancestor[x] > current) {
        path.add(x);
        x = ancestor[x];
      }
      while (!path.isEmpty()) {
        int y = path.pop();
        int a = ancestor[y];
        if (label[a] < label[y]) {
          label[y] = label[a];
        }
        ancestor[y] = ancestor[a];
      }
      return label[v];
    }

    /** idom(w) = the nearest ancestor of parent(w) in the tree that is at most semi(w). */
    private void nearestCommonAncestors() {
      int[] idom = parent;
      for (int w = 1; w < count; w++) {
        int d = idom[w];
        while (d > semi[w]) {
          d = idom[d];
        }
        idom[w] = d;
      }
    }

    private Dominators result() {
      int[] idomByNumber = parent;
      long[] retained = new long[n];
      long reachableBytes = 0;
      for (int w = count - 1; w >= 1; w--) {
        int v = vertex[w];
        retained[v] += size.applyAsInt(v);
        int d = idomByNumber[w];
        if (d == 0) {
          reachableBytes += retained[v];
        } else {
          retained[vertex[d]] += retained[v];
        }
      }
      int[] idom = new int[n];
      Arrays.fill(idom, UNREACHABLE);
      for (int w = 1; w < count; w++) {
        int d = idomByNumber[w];
        idom[vertex[w]] = d == 0 ? SUPER_ROOT : vertex[d];
      }
      return new Dominators(idom, CompactLongArray.of(retained, n), reachableBytes, count - 1);
    }
  }
}
