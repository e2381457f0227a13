package io.heapdump.analyzer;

import io.heapdump.codec.DumpParams;
import io.heapdump.codec.WordFormat;
import io.heapdump.reader.ObjectIndex;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The object graph of a dump. Objects are dense ints {@code 0..n-1} in address order, with their
 * address and size in primitive arrays; the edges, one per pointer word that points into an
 * object (also into its middle), are compressed sparse rows: the targets of object {@code v} are
 * {@code target(e)} for {@code e} in {@code [edgesStart(v), edgesEnd(v))}.
 *
 * <pre>{@code
 * try (HeapGraph graph = HeapGraph.load(path)) {
 *   for (int e = graph.edgesStart(v); e < graph.edgesEnd(v); e++) { int w = graph.target(e); }
 * }
 * }</pre>
 *
 * <p>Objects, their addresses and the address lookup are the reader's {@link ObjectIndex}, which
 * keeps the dump mapped to decode single objects on demand: close the graph to release it.
 */
public final class HeapGraph implements Closeable {
  private final Path source;
  private final DumpParams params;
  private final ObjectIndex objects;
  private final int[] edgeStarts;
  private final int[] targets;
  private final Roots roots;

  HeapGraph(Path source, DumpParams params, ObjectIndex objects, int[] edgeStarts, int[] targets,
      Roots roots) {
    this.source = source;
    this.params = params;
    this.objects = objects;
    this.edgeStarts = edgeStarts;
    this.targets = targets;
    this.roots = roots;
  }

  /**
   * Reads a dump file (two sequential passes, memory-mapped) and builds its graph.
   *
   * @throws io.heapdump.codec.DumpFormatException when the dump is malformed
   * @throws IOException when the file cannot be read
   */
  public static HeapGraph load(Path dump) throws IOException {
    return GraphLoader.load(dump);
  }

  /** The dump file the graph was read from. */
  public Path source() {
    return source;
  }

  /** The dump's params record. */
  public DumpParams params() {
    return params;
  }

  /** Pointer size and byte order of the dump. */
  public WordFormat wordFormat() {
    return params.wordFormat();
  }

  /** The objects: addresses, sizes, records decoded on demand. */
  public ObjectIndex objects() {
    return objects;
  }

  /** Number of objects. */
  public int objectCount() {
    return objects.size();
  }

  /** Start address of object {@code v}. */
  public long address(int v) {
    return objects.address(v);
  }

  /** Size in bytes of object {@code v} (its size class, as dumped). */
  public int size(int v) {
    return objects.length(v);
  }

  /** Sum of all object sizes. */
  public long totalBytes() {
    long total = 0;
    for (int v = 0; v < objects.size(); v++) {
      total += objects.length(v);
    }
    return total;
  }

  /**
   * The object whose bytes contain {@code address} (its start or any interior byte), or -1 when
   * no object does.
   */
  public int indexOf(long address) {
    return objects.indexOf(address);
  }

  /** The object that starts exactly at {@code address}, or -1. */
  public int indexOfStart(long address) {
    return objects.indexOfStart(address);
  }

  /** Number of edges. */
  public int edgeCount() {
    return edgeStarts[edgeStarts.length - 1];
  }

  /** First edge of object {@code v}. */
  public int edgesStart(int v) {
    return edgeStarts[v];
  }

  /** End (exclusive) of the edges of object {@code v}. */
  public int edgesEnd(int v) {
    return edgeStarts[v + 1];
  }

  /** The object edge {@code e} points to. */
  public int target(int e) {
    return targets[e];
  }

  /** Number of out-edges of object {@code v}. */
  public int outDegree(int v) {
    return edgeStarts[v + 1] - edgeStarts[v];
  }

  /** The GC roots that point at objects. */
  public Roots roots() {
    return roots;
  }

  /** Edge rows and targets as arrays, for the algorithms of this package (not copied). */
  int[] edgeStartArray() {
    return edgeStarts;
  }

  int[] targetArray() {
    return targets;
  }

  /** Bytes held by the object index and the edge arrays (roots not counted). */
  public long footprintBytes() {
    return objects.memoryBytes() + 4L * edgeStarts.length + 4L * targets.length;
  }

  /** Releases the mapped dump. */
  @Override
  public void close() throws IOException {
    objects.close();
  }
}
