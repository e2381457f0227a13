package io.heapdump.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.heapdump.codec.BssSegment;
import io.heapdump.codec.DataSegment;
import io.heapdump.codec.DumpFormatException;
import io.heapdump.codec.DumpParams;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.DumpVersion;
import io.heapdump.codec.FieldList;
import io.heapdump.codec.Memory;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.ObjectRecordGo13;
import io.heapdump.codec.StackFrame;
import io.heapdump.codec.TypeRecordGo13;
import io.heapdump.codec.WordFormat;
import io.heapdump.testkit.DumpGenerators.Edge;
import io.heapdump.testkit.DumpGenerators.GraphDump;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The object graph generator's oracle is right: recomputing every pointer of the decoded dump by
 * address-range lookup gives exactly its edges.
 */
class ObjectGraphsTest {
  static final int GRAPH_EXAMPLES = 100;

  @ParameterizedTest
  @EnumSource(DumpVersion.class)
  void edgesAreExactlyThePointersThatLandInObjects(DumpVersion version) {
    qt().withExamples(GRAPH_EXAMPLES).forAll(DumpGenerators.objectGraphs(version)).checkAssert(g -> {
      List<DumpRecord> records;
      try {
        records = Coding.decodeDump(g.encode());
      } catch (DumpFormatException e) {
        throw new AssertionError(e);
      }
      assertEquals(g.records(), records);
      DumpParams params = (DumpParams) records.get(0);
      WordFormat format = params.wordFormat();
      assertEquals(g.wordFormat(), format);

      long[] starts = g.objectAddresses();
      long[] sizes = g.objectSizes();
      for (int i = 0; i < starts.length; i++) {
        assertTrue(starts[i] >= params.heapStart() && starts[i] + sizes[i] <= params.heapEnd());
        assertTrue(i == 0 || starts[i - 1] + sizes[i - 1] <= starts[i], "objects overlap");
        assertEquals(0, starts[i] % format.pointerSize());
      }

      Set<Edge> found = new HashSet<>();
      Map<Long, FieldList> go13Types = new HashMap<>();
      int objects = 0;
      for (DumpRecord r : records) {
        if (r instanceof TypeRecordGo13 t) {
          go13Types.put(t.address(), t.fields());
        } else if (r instanceof ObjectRecordGo13 o) {
          objects++;
          scan(o.address(), o.contents(), go13Types.get(o.typeAddress()), false, g, found);
        } else if (r instanceof ObjectRecord o) {
          objects++;
          scan(o.address(), o.contents(), o.fields(), false, g, found);
        } else if (r instanceof StackFrame f) {
          scan(f.sp(), f.contents(), f.fields(), true, g, found);
        } else if (r instanceof DataSegment s) {
          scan(s.address(), s.contents(), s.fields(), true, g, found);
        } else if (r instanceof BssSegment s) {
          scan(s.address(), s.contents(), s.fields(), true, g, found);
        }
      }
      assertEquals(starts.length, objects);
      assertEquals(new HashSet<>(g.edges()), found);
      assertEquals(g.edges().size(), found.size(), "no edge listed twice");
    });
  }

  /** Adds an edge for every pointer field of the memory that lands inside a generated object. */
  private static void scan(long source, Memory contents, FieldList fields, boolean fromRoot,
      GraphDump g, Set<Edge> found) {
    long[] starts = g.objectAddresses();
    long[] sizes = g.objectSizes();
    for (long offset : fields.pointerOffsets(g.wordFormat().pointerSize())) {
      long pointer = contents.pointerAt((int) offset, g.wordFormat());
      List<Long> targets = new ArrayList<>();
      for (int i = 0; i < starts.length; i++) {
        if (pointer >= starts[i] && pointer < starts[i] + sizes[i]) {
          targets.add(starts[i]);
        }
      }
      assertTrue(targets.size() <= 1);
      if (!targets.isEmpty()) {
        found.add(new Edge(source, offset, pointer, targets.get(0), fromRoot));
      }
    }
  }
}
