package io.heapdump.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapdump.testkit.Facts.KnownGoroutine;
import io.heapdump.testkit.Facts.KnownObject;
import io.heapdump.testkit.RealDumps.RealDump;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Facts parsing and dump discovery on hand-written files. */
class FactsTest {
  private static final String FACTS = """
      {
        "program": "list",
        "expectedHeader": "go1.7 heap dump\\n",
        "goVersion": "go1.19.8", "goarch": "386", "ptrSize": 4, "numCPU": 2,
        "head": {"addr": "0x8c0a000", "type": "main.Node", "typeSize": 16,
                 "fields": {"0": "0x8c0a010", "8": "42", "4": "-1"}},
        "rest": [{"addr": "0x8c0a010", "fields": {"0": "0x0"}}],
        "globalAddrs": {"head": "0x81e7b20"},
        "goroutines": [{"id": 1, "state": "running", "waitReason": "running",
                        "funcs": ["main.main"]},
                       {"id": 7, "state": "chan receive", "funcs": []}],
        "memstats": {"numGC": 3, "lastGC": 1763770000000000000, "pauseTotalNs": 18446744073709551615,
                     "pauseNs": [5, 6]}
      }
      """;

  @Test
  void typedAccessorsReadTheDocument(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("list.facts.json");
    Files.writeString(file, FACTS, StandardCharsets.UTF_8);
    Facts facts = Facts.load(file);
    assertEquals("go1.7 heap dump\n", facts.expectedHeader());
    assertEquals(4, facts.pointerSize());
    assertEquals("386", facts.goarch());
    assertEquals("go1.19.8", facts.goVersion());
    assertEquals(2, facts.numCpu());
    assertEquals(0x8c0a000L, facts.address("head", "addr"));
    assertEquals(0x8c0a010L, facts.address("rest", "0", "addr"));
    assertEquals("main.Node", facts.string("head", "type"));
    assertFalse(facts.has("rest", "1"));
    assertEquals(Map.of("head", 0x81e7b20L), facts.globalAddresses());
    assertEquals(3, facts.numGc());
    assertEquals(1763770000000000000L, facts.lastGc());
    assertEquals(-1L, facts.pauseTotalNs()); // 2^64-1 as unsigned
    assertArrayEquals(new long[] {5, 6}, facts.pauseNs());
    assertEquals("list", facts.raw().get("program").getAsString());
    assertThrows(IllegalArgumentException.class, () -> facts.string("nope"));
  }

  @Test
  void knownObjectsAreFoundAnywhere(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("list.facts.json");
    Files.writeString(file, FACTS, StandardCharsets.UTF_8);
    List<KnownObject> known = Facts.load(file).knownObjects();
    assertEquals(2, known.size());
    KnownObject head = known.get(0);
    assertEquals("head", head.path());
    assertEquals(0x8c0a000L, head.address());
    assertEquals("main.Node", head.type());
    assertEquals(16, head.typeSize());
    assertEquals(List.of(0L, 4L, 8L), List.copyOf(head.fieldsByOffset().keySet()));
    assertEquals(0x8c0a010L, head.fieldValue(0));
    assertEquals(-1L, head.fieldValue(4));
    assertEquals(42, head.fieldValue(8));
    assertEquals(new KnownObject("rest[0]", 0x8c0a010L, "", -1, Map.of(0L, "0x0")), known.get(1));
  }

  @Test
  void goroutinesKeepTheirFunctions(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("list.facts.json");
    Files.writeString(file, FACTS, StandardCharsets.UTF_8);
    assertEquals(List.of(new KnownGoroutine(1, "running", "running", List.of("main.main")),
        new KnownGoroutine(7, "chan receive", "", List.of())), Facts.load(file).goroutines());
  }

  @Test
  void dumpsArePairedWithTheirFacts(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("b.dump"), new byte[] {1});
    Files.writeString(dir.resolve("b.facts.json"), "{}");
    Files.write(dir.resolve("a.dump"), new byte[] {1});
    Files.writeString(dir.resolve("a.facts.json"), "{}");
    Files.writeString(dir.resolve("notes.txt"), "");
    List<RealDump> dumps = RealDumps.in(dir);
    assertEquals(List.of("a", "b"), dumps.stream().map(RealDump::program).toList());
    assertEquals(dir.resolve("a.facts.json"), dumps.get(0).facts());
    assertEquals(dir.getFileName() + "/a", dumps.get(0).toString());

    Files.write(dir.resolve("c.dump"), new byte[] {1});
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> RealDumps.in(dir));
    assertTrue(e.getMessage().contains("has no facts file"), e.getMessage());
  }

  @Test
  void findingNoDumpFailsLoudly(@TempDir Path dir) {
    String saved = System.getProperty(RealDumps.DUMP_DIRS_PROPERTY);
    try {
      System.setProperty(RealDumps.DUMP_DIRS_PROPERTY, dir + "," + dir.resolve("missing"));
      assertEquals(List.of(dir, dir.resolve("missing")), RealDumps.directories());
      IllegalStateException e = assertThrows(IllegalStateException.class, RealDumps::all);
      assertTrue(e.getMessage().contains("no *.dump files found"), e.getMessage());
    } finally {
      if (saved == null) {
        System.clearProperty(RealDumps.DUMP_DIRS_PROPERTY);
      } else {
        System.setProperty(RealDumps.DUMP_DIRS_PROPERTY, saved);
      }
    }
  }
}
