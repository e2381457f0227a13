package io.heapdump.cli;

import com.google.gson.JsonObject;
import io.heapdump.analyzer.HeapGraph;
import io.heapdump.analyzer.RootPath;
import io.heapdump.analyzer.Roots;

/** Roots and objects of a {@link HeapGraph} in the JSON and text forms that commands share. */
final class RootJson {
  private RootJson() {}

  /** Root {@code i}: kind, description, pointer and location, goroutine and frame when known. */
  static JsonObject root(Roots roots, int i) {
    JsonObject o = new JsonObject();
    o.addProperty("kind", roots.kind(i).name());
    o.addProperty("description", roots.describe(i));
    o.addProperty("pointer", Format.hex(roots.pointer(i)));
    o.addProperty("location", Format.hex(roots.location(i)));
    if (roots.goroutine(i) >= 0) {
      o.addProperty("goroutine", roots.goroutine(i));
    }
    if (roots.depth(i) >= 0) {
      o.addProperty("depth", roots.depth(i));
    }
    if (roots.text(i) != null) {
      o.addProperty("text", roots.text(i));
    }
    return o;
  }

  /** How an object is held, for a table cell: the root of its path and the hops from it. */
  static String heldBy(HeapGraph graph, RootPath path) {
    if (path == null) {
      return "unreachable";
    }
    int hops = path.objects().length - 1;
    return graph.roots().describe(path.root())
        + (hops == 0 ? "" : " (" + hops + (hops == 1 ? " hop)" : " hops)"));
  }
}
