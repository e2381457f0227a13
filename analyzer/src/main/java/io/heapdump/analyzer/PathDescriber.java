package io.heapdump.analyzer;

import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.FieldList;
import io.heapdump.codec.Memory;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.ObjectRecordGo13;
import io.heapdump.codec.WordFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Names every hop of a {@link RootPath}: which pointer field of each object leads to the next.
 * The graph keeps no field offsets, so this decodes the path's objects again from the dump.
 */
public final class PathDescriber {
  private PathDescriber() {}

  /**
   * The steps of {@code path}, first the root's target.
   *
   * @param types types to name the objects by, or null
   */
  public static List<PathStep> describe(HeapGraph graph, RootPath path, ObjectTypes types)
      throws IOException {
    int[] objects = path.objects();
    WordFormat format = graph.wordFormat();
    List<PathStep> steps = new ArrayList<>(objects.length);
    long pointer = graph.roots().pointer(path.root());
    long offset = pointer - graph.address(objects[0]);
    for (int i = 0; i < objects.length; i++) {
      int v = objects[i];
      steps.add(new PathStep(v, graph.address(v), graph.size(v), offset, pointer,
          types == null ? null : types.label(v)));
      if (i + 1 < objects.length) {
        int next = objects[i + 1];
        DumpRecord record = graph.objects().record(v);
        Memory contents = record instanceof ObjectRecord o ? o.contents()
            : ((ObjectRecordGo13) record).contents();
        FieldList fields = record instanceof ObjectRecord o ? o.fields() : null;
        int at = pointerInto(contents, fields, format, graph.address(next), graph.size(next));
        offset = at;
        pointer = at < 0 ? 0 : contents.pointerAt(at, format);
      }
    }
    return steps;
  }

  /**
   * Offset of the first pointer word (of the field list, or any word for Go 1.3 objects) that
   * points into the object at {@code start}, or -1.
   */
  private static int pointerInto(Memory contents, FieldList fields, WordFormat format, long start,
      int size) {
    int word = format.pointerSize();
    int count = fields == null ? contents.length() / word : fields.size();
    for (int i = 0; i < count; i++) {
      int offset = fields == null ? i * word : GraphLoader.pointerWordOffset(fields, i, word);
      if (offset >= 0 && offset <= contents.length() - word) {
        long p = contents.pointerAt(offset, format);
        if (Long.compareUnsigned(p - start, size & 0xffffffffL) < 0) {
          return offset;
        }
      }
    }
    return -1;
  }
}
