package io.heapdump.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapdump.codec.DataSegment;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.DumpVersion;
import io.heapdump.codec.Field;
import io.heapdump.codec.FieldKind;
import io.heapdump.codec.FieldList;
import io.heapdump.codec.Itab;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.Params;
import io.heapdump.codec.ParamsGo14;
import io.heapdump.codec.TypeRecord;
import io.heapdump.codec.WordFormat;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectTypesTest {
  private static final WordFormat LE64 = WordFormat.LITTLE_ENDIAN_64;
  private static final long HEAP = 0xc000000000L;
  private static final long RECT = 0x4a0000;
  private static final long PTR_TYPE = 0x4a1000;
  private static final long RECT_ITAB = 0x4b0000;
  private static final long BIG = 0x4a2000;

  @TempDir
  Path dir;

  @Test
  void interfacePairsNameTheirData() throws IOException {
    long a = HEAP;
    long b = HEAP + 0x20;
    long c = HEAP + 0x30;
    long d = HEAP + 0x40;
    long e = HEAP + 0x50;
    List<DumpRecord> records = List.of(
        new Params(false, 8, HEAP, HEAP + 0x2000, "amd64", "go1.19.8", 2),
        new TypeRecord(RECT, 16, "main.Rect", true),
        new Itab(RECT_ITAB, RECT),
        new TypeRecord(PTR_TYPE, 8, "main.", true),
        new Itab(0x4b0100, PTR_TYPE),
        // a: {Shape(Rect) -> b, any(*T) -> c}; only the data words are pointer fields.
        new ObjectRecord(a, TestDumps.words(LE64, 32, RECT_ITAB, b, PTR_TYPE, c), FieldList.pointersAt(8, 24)),
        new ObjectRecord(b, TestDumps.words(LE64, 16), FieldList.EMPTY),
        new ObjectRecord(c, TestDumps.words(LE64, 16), FieldList.EMPTY),
        new ObjectRecord(d, TestDumps.words(LE64, 16), FieldList.EMPTY),
        new ObjectRecord(e, TestDumps.words(LE64, 16), FieldList.EMPTY),
        // A global Shape(Rect) pointing at e, and one pointing into the middle of d.
        new DataSegment(0x560000, TestDumps.words(LE64, 32, RECT_ITAB, e, RECT_ITAB, d + 8), FieldList.pointersAt(8, 24)));
    try (HeapGraph graph = HeapGraph.load(TestDumps.write(dir, records))) {
      ObjectTypes types = ObjectTypes.infer(graph);
      assertNull(types.typeName(0));
      assertEquals("size 32, ptrs at 8,24", types.label(0));
      assertEquals("main.Rect", types.typeName(1));
      assertEquals("main.? (elem of pointer type 0x4a1000)", types.typeName(2));
      assertNull(types.typeName(3), "an interior pointer names no type");
      assertEquals("size 16, no ptrs", types.label(3));
      assertEquals("main.Rect", types.typeName(4));
      assertEquals(3, types.typedCount());
      Histogram byType = Histogram.byType(graph, types, null);
      assertEquals(new Histogram.Row("main.Rect", 2, 32), byType.row("main.Rect"));
      assertEquals(new Histogram.Row("size 16, no ptrs", 1, 16), byType.row("size 16, no ptrs"));
      assertEquals(graph.totalBytes(), byType.totalBytes());
    }
  }

  @Test
  void go14InterfaceFieldsPointAtTheirDataWord() throws IOException {
    List<DumpRecord> records = List.of(
        new ParamsGo14(false, 8, HEAP, HEAP + 0x2000, '6', "", 2),
        new TypeRecord(RECT, 16, "main.Rect", true),
        new Itab(RECT_ITAB, RECT),
        // An Iface entry at 0 covers the itab word and the data word; the itab is no edge.
        new ObjectRecord(HEAP, TestDumps.words(LE64, 16, RECT_ITAB, HEAP + 0x10),
            FieldList.of(new Field(FieldKind.IFACE, 0))),
        new ObjectRecord(HEAP + 0x10, TestDumps.words(LE64, 16), FieldList.EMPTY),
        new DataSegment(0x560000, TestDumps.words(LE64, 8, HEAP), FieldList.pointersAt(0)));
    try (HeapGraph graph = HeapGraph.load(TestDumps.write(dir, DumpVersion.GO1_4, records))) {
      assertEquals(1, graph.edgeCount());
      assertEquals(1, graph.target(graph.edgesStart(0)));
      assertEquals("main.Rect", ObjectTypes.infer(graph).typeName(1));
      assertEquals(32, Dominators.compute(graph).retainedSize(0));
    }
  }

  @Test
  void go122LargeObjectsStartWithTheirTypeWord() throws IOException {
    for (String version : List.of("go1.22.3", "go1.19.8")) {
      List<DumpRecord> records = List.of(
          new Params(false, 8, HEAP, HEAP + 0x2000, "amd64", version, 2),
          new TypeRecord(BIG, 1024, "main.Big", true),
          new Itab(0x4b0200, BIG),
          new ObjectRecord(HEAP, TestDumps.words(LE64, 1024, BIG), FieldList.pointersAt(8)),
          new ObjectRecord(HEAP + 0x400, TestDumps.words(LE64, 1024, 0x4a3000), FieldList.pointersAt(8)),
          new ObjectRecord(HEAP + 0x800, TestDumps.words(LE64, 1024, BIG), FieldList.EMPTY),
          new ObjectRecord(HEAP + 0xc00, TestDumps.words(LE64, 512, BIG), FieldList.pointersAt(8)));
      try (HeapGraph graph = HeapGraph.load(TestDumps.write(dir, records))) {
        ObjectTypes types = ObjectTypes.infer(graph);
        boolean headers = version.equals("go1.22.3");
        assertEquals(headers ? "main.Big" : null, types.typeName(0), version);
        assertEquals(headers ? "type at 0x4a3000" : null, types.typeName(1), version);
        assertNull(types.typeName(2), "pointer-free objects have no header");
        assertNull(types.typeName(3), "objects of 512 bytes or less have no header");
      }
    }
  }

  @Test
  void jvmWrittenObjectsNameTheirClassInTheirFirstWord() throws IOException {
    WordFormat be64 = new WordFormat(8, ByteOrder.BIG_ENDIAN);
    long string = 0x7000;
    long holder = 0x7100;
    long heap = 0x10000;
    Params params = new Params(true, 8, heap, heap + 0x1000, "amd64", "17.0.9", 4);
    assertTrue(ObjectTypes.isJvmWritten(params));
    assertFalse(ObjectTypes.isJvmWritten(new Params(false, 8, 0, 0, "amd64", "go1.19.8", 4)));
    assertFalse(ObjectTypes.isJvmWritten(new Params(false, 8, 0, 0, "amd64", "", 4)));
    List<DumpRecord> records = List.of(
        params,
        new TypeRecord(string, 24, "java.lang.String", true),
        new TypeRecord(holder, 24, "Holder", true),
        // Holder {class word, String ref}: the ref field follows a class word, not an interface.
        new ObjectRecord(heap, TestDumps.words(be64, 24, holder, heap + 0x100), FieldList.pointersAt(8)),
        new ObjectRecord(heap + 0x100, TestDumps.words(be64, 24, string), FieldList.EMPTY),
        new ObjectRecord(heap + 0x200, TestDumps.words(be64, 24, 0x7200), FieldList.EMPTY));
    try (HeapGraph graph = HeapGraph.load(TestDumps.write(dir, records))) {
      ObjectTypes types = ObjectTypes.infer(graph);
      assertEquals("Holder", types.typeName(0));
      assertEquals("java.lang.String", types.typeName(1));
      assertNull(types.typeName(2), "no type record at the first word");
    }
  }
}
