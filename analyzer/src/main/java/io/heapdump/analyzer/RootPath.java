package io.heapdump.analyzer;

/**
 * A path from a root to an object: the root's index in {@link Roots}, then the objects from the
 * one the root points at to the destination. {@code objects.length} is the number of objects on
 * the path, {@code objects.length - 1} the number of pointer hops between objects.
 *
 * @param root index of the root in {@link HeapGraph#roots()}
 * @param objects the objects on the path, first the root's target, last the destination
 */
public record RootPath(int root, int[] objects) {
  /** The destination object. */
  public int destination() {
    return objects[objects.length - 1];
  }
}
