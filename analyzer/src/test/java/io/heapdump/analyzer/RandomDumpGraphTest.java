package io.heapdump.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.heapdump.codec.DumpVersion;
import io.heapdump.testkit.DumpGenerators;
import io.heapdump.testkit.DumpGenerators.Edge;
import io.heapdump.testkit.DumpGenerators.GraphDump;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Graphs of generated dumps (every word format) against the pointers the generator wrote, and
 * the analysis invariants on them: edge targets are objects, every immediate dominator lies on
 * every root path, the super-root retains exactly the reachable bytes, shortest paths are paths.
 */
class RandomDumpGraphTest {
  private static final int EXAMPLES = 150;

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(value = DumpVersion.class, names = {"GO1_4", "GO1_5", "GO1_7"})
  void graphMatchesGeneratedPointersAndInvariantsHold(DumpVersion version) {
    qt().withExamples(EXAMPLES).forAll(DumpGenerators.objectGraphs(version)).checkAssert(dump -> {
      try (HeapGraph graph = HeapGraph.load(write(dump))) {
        checkObjectsAndEdges(dump, graph);
        checkRoots(dump, graph);
        checkInvariants(graph, Integer.MAX_VALUE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @ParameterizedTest
  @EnumSource(value = DumpVersion.class, names = {"GO1_3"})
  void conservativeGo13GraphsHoldEveryTypedPointer(DumpVersion version) {
    qt().withExamples(EXAMPLES / 3).forAll(DumpGenerators.objectGraphs(version)).checkAssert(dump -> {
      try (HeapGraph graph = HeapGraph.load(write(dump))) {
        List<String> actual = edgePairs(graph);
        for (String expected : expectedEdgePairs(dump, graph)) {
          assertTrue(actual.remove(expected), "missing edge " + expected);
        }
        checkInvariants(graph, Integer.MAX_VALUE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private Path write(GraphDump dump) throws IOException {
    Path file = Files.createTempFile(dir, "random", ".dump");
    Files.write(file, dump.encode());
    return file;
  }

  private static void checkObjectsAndEdges(GraphDump dump, HeapGraph graph) {
    long[] addresses = dump.objectAddresses();
    long[] sizes = dump.objectSizes();
    assertEquals(addresses.length, graph.objectCount());
    for (int v = 0; v < addresses.length; v++) {
      assertEquals(addresses[v], graph.address(v));
      assertEquals(sizes[v], graph.size(v));
    }
    List<String> expected = expectedEdgePairs(dump, graph);
    List<String> actual = edgePairs(graph);
    expected.sort(null);
    actual.sort(null);
    assertEquals(expected, actual, dump.toString());
  }

  private static List<String> expectedEdgePairs(GraphDump dump, HeapGraph graph) {
    List<String> pairs = new ArrayList<>();
    for (Edge e : dump.edges()) {
      if (!e.fromRoot()) {
        pairs.add(graph.indexOfStart(e.source()) + "->" + graph.indexOfStart(e.target()));
      }
    }
    return pairs;
  }

  private static List<String> edgePairs(HeapGraph graph) {
    List<String> pairs = new ArrayList<>();
    for (int v = 0; v < graph.objectCount(); v++) {
      for (int e = graph.edgesStart(v); e < graph.edgesEnd(v); e++) {
        pairs.add(v + "->" + graph.target(e));
      }
    }
    return pairs;
  }

  private static void checkRoots(GraphDump dump, HeapGraph graph) {
    List<String> expected = new ArrayList<>();
    for (Edge e : dump.edges()) {
      if (e.fromRoot()) {
        expected.add(Long.toHexString(e.source() + e.offset()) + "->" + graph.indexOfStart(e.target()));
      }
    }
    List<String> actual = new ArrayList<>();
    Roots roots = graph.roots();
    for (int r = 0; r < roots.count(); r++) {
      actual.add(Long.toHexString(roots.location(r)) + "->" + roots.target(r));
      assertTrue(roots.describe(r).startsWith(roots.kind(r).label()) || roots.kind(r) == RootKind.STACK);
    }
    expected.sort(null);
    actual.sort(null);
    assertEquals(expected, actual);
  }

  /**
   * Invariants that hold for any graph; the costly check that an immediate dominator lies on
   * every root path runs for the first {@code dominatorChecks} objects that have one.
   */
  static void checkInvariants(HeapGraph graph, int dominatorChecks) {
    int n = graph.objectCount();
    for (int e = 0; e < graph.edgeCount(); e++) {
      assertTrue(graph.target(e) >= 0 && graph.target(e) < n, "edge target is an object");
    }
    Dominators dominators = Dominators.compute(graph);
    Reachability reachability = Reachability.of(graph);
    RootPaths paths = RootPaths.of(graph);
    assertEquals(reachability.liveBytes(), dominators.superRootRetained());
    assertEquals(reachability.liveCount(), dominators.reachableCount());
    long[] childRetained = new long[n];
    for (int v = 0; v < n; v++) {
      assertEquals(reachability.isLive(v), dominators.isReachable(v));
      assertEquals(reachability.isLive(v), paths.isReachable(v));
      int d = dominators.immediateDominator(v);
      if (d >= 0 && dominatorChecks-- > 0) {
        assertFalse(reachableAvoiding(graph, d)[v], "idom " + d + " is on every root path to " + v);
      }
      if (d >= 0) {
        childRetained[d] += dominators.retainedSize(v);
      }
    }
    for (int v = 0; v < n; v++) {
      if (dominators.isReachable(v)) {
        assertEquals(graph.size(v) + childRetained[v], dominators.retainedSize(v));
        RootPath path = paths.pathTo(v);
        assertEquals(graph.roots().target(path.root()), path.objects()[0]);
        assertEquals(v, path.destination());
        for (int i = 0; i + 1 < path.objects().length; i++) {
          assertTrue(hasEdge(graph, path.objects()[i], path.objects()[i + 1]));
        }
      }
    }
  }

  private static boolean hasEdge(HeapGraph graph, int from, int to) {
    for (int e = graph.edgesStart(from); e < graph.edgesEnd(from); e++) {
      if (graph.target(e) == to) {
        return true;
      }
    }
    return false;
  }

  private static boolean[] reachableAvoiding(HeapGraph graph, int avoided) {
    boolean[] seen = new boolean[graph.objectCount()];
    int[] queue = new int[graph.objectCount()];
    int tail = 0;
    for (int r = 0; r < graph.roots().count(); r++) {
      int v = graph.roots().target(r);
      if (v != avoided && !seen[v]) {
        seen[v] = true;
        queue[tail++] = v;
      }
    }
    for (int head = 0; head < tail; head++) {
      int v = queue[head];
      for (int e = graph.edgesStart(v); e < graph.edgesEnd(v); e++) {
        int w = graph.target(e);
        if (w != avoided && !seen[w]) {
          seen[w] = true;
          queue[tail++] = w;
        }
      }
    }
    return Arrays.copyOf(seen, seen.length);
  }
}
