package io.heapdump.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.heapdump.testkit.Facts;
import io.heapdump.testkit.Facts.KnownGoroutine;
import io.heapdump.testkit.Facts.KnownObject;
import io.heapdump.testkit.RealDumps;
import io.heapdump.testkit.RealDumps.RealDump;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The analysis commands on real dumps: JSON that parses, agrees with itself and with the facts. */
class AnalysisCommandsTest {
  @TempDir Path temp;

  static List<RealDump> dumps() {
    return RealDumps.all();
  }

  @ParameterizedTest
  @MethodSource("dumps")
  void summaryCountsAgreeWithInfoAndTheOtherCommands(RealDump dump) {
    String file = dump.dump().toString();
    JsonObject info = ok("info", "--json", file).json();
    JsonObject summary = ok("summary", "--json", file).json();

    long objects = info.get("objects").getAsLong();
    assertEquals(objects, summary.get("objects").getAsLong());
    assertEquals(info.get("objectBytes").getAsLong(), summary.get("bytes").getAsLong());
    assertEquals(objects,
        summary.get("liveObjects").getAsLong() + summary.get("garbageObjects").getAsLong());
    assertEquals(summary.get("bytes").getAsLong(),
        summary.get("liveBytes").getAsLong() + summary.get("garbageBytes").getAsLong());
    assertEquals(dump.loadFacts().goVersion(), summary.get("goVersion").getAsString());
    assertEquals(info.getAsJsonObject("recordCounts").get("Goroutine").getAsLong(),
        summary.get("goroutines").getAsLong());
    assertTrue(summary.getAsJsonArray("topRetainers").size() <= 5);

    JsonObject garbage = ok("garbage", "--json", file).json();
    for (String key : List.of("objects", "bytes", "liveObjects", "liveBytes", "garbageObjects",
        "garbageBytes")) {
      assertEquals(summary.get(key), garbage.get(key), key);
    }
    assertEquals(garbage.get("garbageBytes").getAsLong(),
        sum(garbage.getAsJsonArray("garbageByType"), "bytes"));
  }

  @ParameterizedTest
  @MethodSource("dumps")
  void histogramsCountEveryLiveObjectOnce(RealDump dump) {
    String file = dump.dump().toString();
    JsonObject garbage = ok("garbage", "--json", file).json();
    for (String by : HistogramCommand.GROUPINGS) {
      JsonObject h = ok("histogram", "--json", "--by", by, file).json();

      assertEquals(garbage.get("liveObjects").getAsLong(), h.get("totalCount").getAsLong(), by);
      assertEquals(garbage.get("liveBytes").getAsLong(), h.get("totalBytes").getAsLong(), by);
      JsonArray rows = h.getAsJsonArray("rows");
      assertEquals(h.get("groups").getAsInt(), rows.size());
      assertEquals(h.get("totalCount").getAsLong(), sum(rows, "count"), by);
      assertEquals(h.get("totalBytes").getAsLong(), sum(rows, "bytes"), by);
    }
    JsonObject all = ok("histogram", "--json", "--all", "--by", "size", file).json();
    assertEquals(garbage.get("objects").getAsLong(), all.get("totalCount").getAsLong());
  }

  @ParameterizedTest
  @MethodSource("dumps")
  void topListsRetainersLargestFirst(RealDump dump) {
    JsonObject top = ok("top", "--json", "--limit", "7", dump.dump().toString()).json();

    JsonArray objects = top.getAsJsonArray("objects");
    assertTrue(objects.size() <= 7);
    long previous = Long.MAX_VALUE;
    for (JsonElement e : objects) {
      JsonObject o = e.getAsJsonObject();
      long retained = o.get("retained").getAsLong();
      assertTrue(retained <= previous, "descending retained sizes");
      assertTrue(retained >= o.get("size").getAsLong());
      assertTrue(retained <= top.get("reachableBytes").getAsLong());
      assertFalse(o.get("root").isJsonNull(), "a retainer is reachable");
      previous = retained;
    }
  }

  @ParameterizedTest
  @MethodSource("dumps")
  void pathLeadsToEveryKnownHeapObject(RealDump dump) {
    JsonObject params = ok("info", "--json", dump.dump().toString()).json().getAsJsonObject("params");
    long heapStart = params.get("heapStart").getAsLong();
    long heapEnd = params.get("heapEnd").getAsLong();
    long end = heapEnd == 0 ? 1L << (8 * params.get("pointerSize").getAsInt()) : heapEnd;
    // Known objects include globals' targets in the data segment; only heap objects have paths.
    List<KnownObject> known = dump.loadFacts().knownObjects().stream()
        .filter(k -> k.address() >= heapStart && k.address() < end).toList();
    for (KnownObject k : known.subList(0, Math.min(known.size(), 5))) {
      CliRun run = CliRun.of("path", "--json", dump.dump().toString(), Format.hex(k.address()));

      assertEquals(0, run.exitCode(), () -> k.path() + ": " + run);
      JsonObject p = run.json();
      assertTrue(p.get("reachable").getAsBoolean());
      assertEquals(Format.hex(k.address()), p.getAsJsonObject("object").get("address").getAsString());
      assertEquals(0, p.getAsJsonObject("object").get("offset").getAsLong());
      JsonArray steps = p.getAsJsonArray("path");
      JsonObject last = steps.get(steps.size() - 1).getAsJsonObject();
      assertEquals(Format.hex(k.address()), last.get("address").getAsString());
      if (k.typeSize() > 0) {
        assertTrue(last.get("size").getAsLong() >= k.typeSize(), k.path());
      }
    }
  }

  @Test
  void linkedListHeadIsHeldByItsGlobal() {
    RealDump dump = dumps().stream().filter(d -> d.program().equals("linkedlist")).findFirst()
        .orElse(null);
    Assumptions.assumeTrue(dump != null, "no linkedlist dump");
    Facts facts = dump.loadFacts();
    long head = facts.address("singleHead", "addr");
    long second = facts.knownObjects().stream()
        .filter(k -> k.path().startsWith("singleFirst5")).skip(1).findFirst().orElseThrow()
        .address();

    JsonObject p = ok("path", "--json", dump.dump().toString(), Format.hex(second + 8)).json();

    assertEquals(Format.hex(second), p.getAsJsonObject("object").get("address").getAsString());
    assertEquals(8, p.getAsJsonObject("object").get("offset").getAsLong());
    JsonObject root = p.getAsJsonObject("root");
    assertEquals("BSS", root.get("kind").getAsString());
    assertEquals(Format.hex(facts.globalAddresses().get("singleHead")),
        root.get("location").getAsString());
    JsonArray steps = p.getAsJsonArray("path");
    assertEquals(2, steps.size());
    assertEquals(Format.hex(head), steps.get(0).getAsJsonObject().get("address").getAsString());
    assertEquals(0, steps.get(1).getAsJsonObject().get("fieldOffset").getAsLong(), "via Next");
  }

  @Test
  void pathToNoObjectExits1() {
    CliRun run = CliRun.of("path", "--json", dumps().get(0).dump().toString(), "0x10");

    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.json().get("object").isJsonNull());
    assertFalse(run.json().get("reachable").getAsBoolean());
    assertEquals(2, CliRun.of("path", dumps().get(0).dump().toString(), "0xnope").exitCode());
  }

  @ParameterizedTest
  @MethodSource("dumps")
  void goroutinesMatchWhatTheProgramSaw(RealDump dump) {
    JsonObject g = ok("goroutines", "--json", dump.dump().toString()).json();

    JsonArray all = g.getAsJsonArray("goroutines");
    assertEquals(g.get("count").getAsInt(), all.size());
    Set<Long> grouped = new HashSet<>();
    for (JsonElement group : g.getAsJsonArray("groups")) {
      JsonArray ids = group.getAsJsonObject().getAsJsonArray("ids");
      assertEquals(group.getAsJsonObject().get("count").getAsInt(), ids.size());
      ids.forEach(id -> assertTrue(grouped.add(id.getAsLong()), "in one group only"));
    }
    assertEquals(all.size(), grouped.size());
    for (KnownGoroutine known : dump.loadFacts().goroutines()) {
      JsonObject found = null;
      for (JsonElement e : all) {
        if (e.getAsJsonObject().get("id").getAsLong() == known.id()) {
          found = e.getAsJsonObject();
        }
      }
      assertTrue(found != null, "goroutine " + known.id());
      if (known.state().equals("running") || known.waitReason().equals("running")) {
        continue; // the goroutine that wrote the dump: its stack changed since the program looked
      }
      assertEquals(known.waitReason(), found.get("state").getAsString(), "goroutine " + known.id());
      // The program's stack trace shows inlined calls the dump's frames do not; the function the
      // goroutine started in is in both.
      String outermost = known.funcs().get(known.funcs().size() - 1);
      List<String> functions = new ArrayList<>();
      found.getAsJsonArray("functions").forEach(f -> functions.add(f.getAsString()));
      assertTrue(functions.contains(outermost), () -> known + " vs " + functions);
    }
  }

  @Test
  void diffOfADumpWithItselfChangesNothing() {
    String file = dumps().get(0).dump().toString();

    JsonObject d = ok("diff", "--json", file, file).json();

    assertEquals(0, d.get("changedGroups").getAsInt());
    assertEquals(0, d.getAsJsonArray("rows").size());
    assertEquals(d.get("oldTotal"), d.get("newTotal"));
  }

  @Test
  void diffShowsTheGrowthBetweenTwoDumps() {
    List<RealDump> dumps = dumps();
    String a = dumps.get(0).dump().toString();
    String b = dumps.get(dumps.size() - 1).dump().toString();
    JsonObject ha = ok("histogram", "--json", "--by", "size", a).json();
    JsonObject hb = ok("histogram", "--json", "--by", "size", b).json();

    JsonObject d = ok("diff", "--json", "--by", "size", a, b).json();

    assertEquals(ha.get("totalBytes").getAsLong(),
        d.getAsJsonObject("oldTotal").get("bytes").getAsLong());
    long delta = 0;
    for (JsonElement e : d.getAsJsonArray("rows")) {
      JsonObject row = e.getAsJsonObject();
      assertEquals(row.get("newBytes").getAsLong() - row.get("oldBytes").getAsLong(),
          row.get("bytesDelta").getAsLong());
      delta += row.get("bytesDelta").getAsLong();
    }
    assertEquals(hb.get("totalBytes").getAsLong() - ha.get("totalBytes").getAsLong(), delta);
  }

  @Test
  void jvmDumpOfThisJvmReadsBackAndVerifies() throws IOException {
    Path out = temp.resolve("jvm.dump");

    JsonObject written = ok("jvm", "--json", "-o", out.toString()).json();

    assertEquals(Files.size(out), written.get("bytesWritten").getAsLong());
    try (var files = Files.list(temp)) {
      assertEquals(List.of(out), files.toList(), "no temporary or HPROF file left");
    }
    JsonObject info = ok("info", "--json", out.toString()).json();
    assertEquals(written.get("objects").getAsLong(),
        info.getAsJsonObject("recordCounts").get("ObjectRecord").getAsLong());
    assertEquals(0, CliRun.of("verify", out.toString()).exitCode());
  }

  @Test
  void jvmFailuresAreMessagesNotStackTraces() throws IOException {
    Path bogus = Files.writeString(temp.resolve("bogus.hprof"), "not an hprof file");
    Path out = temp.resolve("out.dump");

    CliRun missing = CliRun.of("jvm", "--hprof", temp.resolve("absent.hprof").toString(), "-o",
        out.toString());
    CliRun bad = CliRun.of("jvm", "--hprof", bogus.toString(), "-o", out.toString());

    assertEquals(4, missing.exitCode(), missing::toString);
    assertEquals(3, bad.exitCode(), bad::toString);
    assertTrue(bad.err().startsWith("heapdump: " + bogus + ": not an HPROF file"), bad::toString);
    assertEquals(1, bad.err().lines().count(), bad::toString);
    assertFalse(Files.exists(out));
    assertEquals(2, CliRun.of("jvm", "--hprof", bogus.toString()).exitCode(), "no -o");
    assertEquals(2, CliRun.of("jvm", "--pid", "1", "--hprof", bogus.toString(), "-o", "x")
        .exitCode());
  }

  private static CliRun ok(String... args) {
    CliRun run = CliRun.of(args);
    assertEquals(0, run.exitCode(), run::toString);
    return run;
  }

  private static long sum(JsonArray rows, String key) {
    long total = 0;
    for (JsonElement e : rows) {
      total += e.getAsJsonObject().get(key).getAsLong();
    }
    return total;
  }
}
