package io.heapdump.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heapdump.codec.BssSegment;
import io.heapdump.codec.Defer;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.FieldList;
import io.heapdump.codec.Finalizer;
import io.heapdump.codec.Goroutine;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.OtherRoot;
import io.heapdump.codec.Panic;
import io.heapdump.codec.Params;
import io.heapdump.codec.QueuedFinalizer;
import io.heapdump.codec.StackFrame;
import io.heapdump.codec.WordFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of root, described; goroutines with their stacks and groups. */
class RootsAndGoroutinesTest {
  private static final WordFormat LE32 = WordFormat.LITTLE_ENDIAN_32;
  private static final long HEAP = 0x18000000L;
  private static final long G7 = 0x19000000L;
  private static final long G8 = 0x19000400L;
  private static final long G9 = 0x19000800L;

  @TempDir
  Path dir;

  /** Ten 16-byte objects; object i at HEAP + 16 i. */
  private static long object(int i) {
    return HEAP + 16L * i;
  }

  private List<DumpRecord> records() {
    List<DumpRecord> r = new ArrayList<>();
    r.add(new Params(false, 4, HEAP, HEAP + 0x1000, "386", "go1.19.8", 1));
    for (int i = 0; i < 10; i++) {
      r.add(new ObjectRecord(object(i), TestDumps.words(LE32, 16), FieldList.EMPTY));
    }
    r.add(new Goroutine(G7, 0x1a000000L, 7, 0x401000, Goroutine.STATUS_WAITING, false, false, 1_000,
        "chan receive", object(0), 0, 0, 0));
    r.add(new StackFrame(0x1a000000L, 0, 0, TestDumps.words(LE32, 8, 0, object(1) + 4), 0x402000,
        0x402010, 0, "main.recv", FieldList.pointersAt(4)));
    r.add(new StackFrame(0x1a000008L, 1, 0x1a000000L, TestDumps.words(LE32, 4), 0x403000, 0x403010, 0,
        "main.main", FieldList.EMPTY));
    r.add(new Defer(object(2), G7, 0x1a000000L, 0x402020, object(3), 0x404000, 0));
    r.add(new Panic(object(4), G7, 0x4a0000, object(5), 0, 0));
    for (long g : new long[] {G8, G9}) {
      long id = g == G8 ? 8 : 9;
      r.add(new Goroutine(g, 0x1b000000L, id, 0x401000, Goroutine.STATUS_WAITING, false, false,
          id == 8 ? 5_000 : 3_000, "chan receive", 0, 0, 0, 0));
      r.add(new StackFrame(0x1b000000L, 0, 0, TestDumps.words(LE32, 4), 0x402000, 0x402010, 0,
          "main.recv", FieldList.EMPTY));
      r.add(new StackFrame(0x1b000004L, 1, 0x1b000000L, TestDumps.words(LE32, 4), 0x403000, 0x403010, 0,
          "main.main", FieldList.EMPTY));
    }
    r.add(new Goroutine(0x19000c00L, 0x1c000000L, 10, 0x401000, Goroutine.STATUS_SYSCALL, false, false,
        0, "", 0, 0, 0, 0));
    r.add(new BssSegment(0x8100000L, TestDumps.words(LE32, 8, 0, object(6)), FieldList.pointersAt(0, 4)));
    r.add(new Finalizer(object(7), 0x4b0000, 0x405000, 0, 0));
    r.add(new QueuedFinalizer(object(8), object(9), 0x405000, 0, 0));
    r.add(new OtherRoot("runtime type info", object(9) + 8));
    return r;
  }

  @Test
  void everyKindOfRootIsKeptAndDescribed() throws IOException {
    try (HeapGraph graph = HeapGraph.load(TestDumps.write(dir, records()))) {
      Roots roots = graph.roots();
      List<String> described = new ArrayList<>();
      for (int i = 0; i < roots.count(); i++) {
        described.add(roots.describe(i) + " -> " + roots.target(i));
      }
      assertEquals(List.of(
          "closure context of goroutine 7 -> 0",
          "stack of goroutine 7, frame 0 main.recv (word at 0x1a000004) -> 1",
          "defer 0x18000020 of goroutine 7 -> 2",
          "defer 0x18000020 of goroutine 7 -> 3",
          "panic 0x18000040 of goroutine 7 -> 4",
          "panic 0x18000040 of goroutine 7 -> 5",
          "bss global 0x8100004 -> 6",
          "finalizer object 0x18000070 -> 7",
          "queued finalizer object 0x18000080 -> 8",
          "queued finalizer func of object 0x18000080 -> 9",
          "other root \"runtime type info\" -> 9"), described);
      assertEquals(RootKind.STACK, roots.kind(1));
      assertEquals(7, roots.goroutine(1));
      assertEquals(0, roots.depth(1));
      assertEquals("main.recv", roots.text(1));
      assertEquals(object(1) + 4, roots.pointer(1));
      Dominators dominators = Dominators.compute(graph);
      assertEquals(160, dominators.superRootRetained());
      RootPaths paths = RootPaths.of(graph);
      assertEquals(6, paths.pathTo(6).root(), "globals are preferred");
      List<PathStep> steps = PathDescriber.describe(graph, paths.pathTo(1), null);
      assertEquals(List.of(new PathStep(1, object(1), 16, 4, object(1) + 4, null)), steps);
    }
  }

  @Test
  void goroutinesHaveStatesStacksAndGroups() throws IOException {
    Goroutines goroutines = Goroutines.load(TestDumps.write(dir, records()));
    assertEquals(List.of(7L, 8L, 9L, 10L), goroutines.all().stream().map(GoroutineInfo::id).toList());
    GoroutineInfo seven = goroutines.byId(7);
    assertEquals("chan receive", seven.state());
    assertEquals("waiting", seven.statusName());
    assertEquals(List.of("main.recv", "main.main"), seven.functions());
    assertEquals(5_000, goroutines.latestWaitSince());
    assertEquals(4_000, seven.waitedAtLeastNanos(goroutines.latestWaitSince()));
    GoroutineInfo ten = goroutines.byId(10);
    assertEquals("syscall", ten.state());
    assertEquals(List.of(), ten.functions());
    assertEquals(-1, ten.waitedAtLeastNanos(goroutines.latestWaitSince()));
    List<GoroutineGroup> groups = goroutines.groups();
    assertEquals(new GoroutineGroup("chan receive", List.of("main.recv", "main.main"), List.of(7L, 8L, 9L)),
        groups.get(0));
    assertEquals(new GoroutineGroup("syscall", List.of(), List.of(10L)), groups.get(1));
    assertEquals(2, groups.size());
  }

  @Test
  void statusNames() {
    assertEquals("runnable", GoroutineStatus.name(1));
    assertEquals("waiting (scan)", GoroutineStatus.name(0x1004));
    assertEquals("status 42", GoroutineStatus.name(42));
  }
}
