package io.heapdump.analyzer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One dump's analysis for tools such as the CLI: the graph loaded at once, the rest (dominators,
 * reachability, types, allocation sites, goroutines, paths) computed on first use and kept.
 *
 * <pre>{@code
 * try (HeapAnalysis a = HeapAnalysis.of(path)) {
 *   for (int v : a.dominators().topByRetained(20)) {
 *     System.out.println(a.types().label(v) + " " + a.dominators().retainedSize(v));
 *   }
 * }
 * }</pre>
 */
public final class HeapAnalysis implements Closeable {
  private final HeapGraph graph;
  private Dominators dominators;
  private Reachability reachability;
  private ObjectTypes types;
  private AllocationSites sites;
  private Goroutines goroutines;
  private RootPaths paths;

  private HeapAnalysis(HeapGraph graph) {
    this.graph = graph;
  }

  /** Loads the dump's graph. */
  public static HeapAnalysis of(Path dump) throws IOException {
    return new HeapAnalysis(HeapGraph.load(dump));
  }

  /** Releases the mapped dump. */
  @Override
  public void close() throws IOException {
    graph.close();
  }

  /** The object graph. */
  public HeapGraph graph() {
    return graph;
  }

  /** Dominator tree and retained sizes (computed on first use). */
  public synchronized Dominators dominators() {
    if (dominators == null) {
      dominators = Dominators.compute(graph);
    }
    return dominators;
  }

  /** Live and garbage objects. */
  public synchronized Reachability reachability() {
    if (reachability == null) {
      reachability = Reachability.of(graph);
    }
    return reachability;
  }

  /** Object types (reads the dump again on first use). */
  public synchronized ObjectTypes types() throws IOException {
    if (types == null) {
      types = ObjectTypes.infer(graph);
    }
    return types;
  }

  /** Allocation sites (reads the dump again on first use). */
  public synchronized AllocationSites sites() throws IOException {
    if (sites == null) {
      sites = AllocationSites.load(graph);
    }
    return sites;
  }

  /** Goroutines and their stacks (reads the dump again on first use). */
  public synchronized Goroutines goroutines() throws IOException {
    if (goroutines == null) {
      goroutines = Goroutines.load(graph.source());
    }
    return goroutines;
  }

  /** Shortest root paths. */
  public synchronized RootPaths paths() {
    if (paths == null) {
      paths = RootPaths.of(graph);
    }
    return paths;
  }

  /** A shortest path from a root to the object containing {@code address}, described; null if none. */
  public List<PathStep> pathTo(long address) throws IOException {
    int v = graph.indexOf(address);
    RootPath path = v < 0 ? null : paths().pathTo(v);
    return path == null ? null : PathDescriber.describe(graph, path, types());
  }

  /** Live objects by type. */
  public Histogram liveByType() throws IOException {
    return Histogram.byType(graph, types(), reachability()::isLive);
  }

  /** Live objects by allocation stack. */
  public Histogram liveBySite() throws IOException {
    return Histogram.bySite(graph, sites(), reachability()::isLive);
  }

  /** Live objects by size class. */
  public Histogram liveBySizeClass() {
    return Histogram.bySizeClass(graph, reachability()::isLive);
  }

  /** Unreachable objects by type. */
  public Histogram garbageByType() throws IOException {
    Reachability r = reachability();
    return Histogram.byType(graph, types(), v -> !r.isLive(v));
  }
}
