package io.heapdump.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.heapdump.testkit.Facts;
import io.heapdump.testkit.Facts.KnownGoroutine;
import io.heapdump.testkit.RealDumps;
import io.heapdump.testkit.RealDumps.RealDump;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The analysis of the project's real Go dumps against the facts their programs wrote. */
class RealDumpAnalysisTest {
  static Stream<RealDump> all() {
    return RealDumps.stream();
  }

  static Stream<RealDump> program(String name) {
    return RealDumps.stream().filter(d -> d.program().equals(name) || d.program().startsWith(name + "-"));
  }

  static Stream<RealDump> linkedlist() {
    return program("linkedlist");
  }

  static Stream<RealDump> goroutines() {
    return program("goroutines");
  }

  static Stream<RealDump> interfaces() {
    return program("interfaces");
  }

  static Stream<RealDump> memprof() {
    return program("memprof");
  }

  @ParameterizedTest
  @MethodSource("all")
  void invariantsHoldOnEveryDump(RealDump dump) throws IOException {
    try (HeapAnalysis analysis = HeapAnalysis.of(dump.dump())) {
      HeapGraph graph = analysis.graph();
      assertTrue(graph.objectCount() > 0);
      assertTrue(graph.roots().count() > 0);
      RandomDumpGraphTest.checkInvariants(graph, 50);
      Reachability reachability = analysis.reachability();
      assertEquals(reachability.liveBytes() + reachability.garbageBytes(), graph.totalBytes());
      assertEquals(reachability.liveBytes(), analysis.liveByType().totalBytes());
      assertEquals(reachability.liveBytes(), analysis.liveBySizeClass().totalBytes());
      assertEquals(reachability.liveBytes(), analysis.liveBySite().totalBytes());
      assertEquals(reachability.garbageBytes(), analysis.garbageByType().totalBytes());
    }
  }

  @ParameterizedTest
  @MethodSource("linkedlist")
  void singlyLinkedListHangsOffItsGlobal(RealDump dump) throws IOException {
    Facts facts = dump.loadFacts();
    long global = facts.globalAddresses().get("singleHead");
    List<Long> nodes = addresses(facts.get("singleAddrs"));
    assertEquals(facts.longValue("singleLen"), nodes.size());
    try (HeapAnalysis analysis = HeapAnalysis.of(dump.dump())) {
      HeapGraph graph = analysis.graph();
      Roots roots = graph.roots();
      int root = -1;
      for (int r = 0; r < roots.count(); r++) {
        if (roots.location(r) == global) {
          root = r;
        }
      }
      assertTrue(root >= 0, "a root at the global singleHead");
      assertTrue(roots.kind(root) == RootKind.DATA || roots.kind(root) == RootKind.BSS);
      assertEquals(nodes.get(0), graph.address(roots.target(root)));

      int headRoot = root;
      RootPaths fromGlobal = RootPaths.of(graph, r -> r == headRoot);
      RootPath path = fromGlobal.pathTo(graph.indexOfStart(nodes.get(nodes.size() - 1)));
      assertEquals(headRoot, path.root());
      assertEquals(nodes.size(), path.objects().length);
      List<PathStep> steps = PathDescriber.describe(graph, path, analysis.types());
      for (int i = 0; i < steps.size(); i++) {
        assertEquals(nodes.get(i), steps.get(i).address());
        assertEquals(0, steps.get(i).fieldOffset(), "Next is the first field");
        assertEquals(nodes.get(i), steps.get(i).pointer());
      }
    }
  }

  /**
   * Besides its global, the program's own facts records point at some list nodes (the head, the
   * first five, the tail): those "entry" nodes have no dominator but the super-root, every other
   * node is dominated by its predecessor and retains the nodes up to the next entry.
   */
  @ParameterizedTest
  @MethodSource("linkedlist")
  void listNodesDominateTheirSuccessorsUpToTheNextEntry(RealDump dump) throws IOException {
    Facts facts = dump.loadFacts();
    List<Long> nodes = addresses(facts.get("singleAddrs"));
    Set<Long> recorded = new HashSet<>();
    recorded.add(facts.address("singleHead", "addr"));
    recorded.add(facts.address("singleTail", "addr"));
    for (int i = 0; i < 5; i++) {
      recorded.add(facts.address("singleFirst5", String.valueOf(i), "addr"));
    }
    try (HeapAnalysis analysis = HeapAnalysis.of(dump.dump())) {
      HeapGraph graph = analysis.graph();
      Dominators dominators = analysis.dominators();
      int[] list = nodes.stream().mapToInt(graph::indexOfStart).toArray();
      boolean[] entry = entries(graph, list);
      for (int i = 0; i < list.length; i++) {
        assertTrue(!entry[i] || recorded.contains(nodes.get(i)), "entry " + i + " is a recorded node");
        assertEquals(entry[i] ? Dominators.SUPER_ROOT : list[i - 1], dominators.immediateDominator(list[i]), "node " + i);
        long retained = 0;
        for (int j = i; j < list.length && (j == i || !entry[j]); j++) {
          retained += graph.size(list[j]);
        }
        assertEquals(retained, dominators.retainedSize(list[i]), "node " + i);
      }
      int entries = 0;
      for (boolean e : entry) {
        entries += e ? 1 : 0;
      }
      assertTrue(entries < 10 && entries > 0, entries + " entries");
    }
  }

  /** Which list nodes a root or an object outside the list points at (the head always does). */
  private static boolean[] entries(HeapGraph graph, int[] list) {
    Map<Integer, Integer> position = new HashMap<>();
    for (int i = 0; i < list.length; i++) {
      position.put(list[i], i);
    }
    boolean[] entry = new boolean[list.length];
    for (int r = 0; r < graph.roots().count(); r++) {
      Integer i = position.get(graph.roots().target(r));
      if (i != null) {
        entry[i] = true;
      }
    }
    for (int v = 0; v < graph.objectCount(); v++) {
      if (!position.containsKey(v)) {
        for (int e = graph.edgesStart(v); e < graph.edgesEnd(v); e++) {
          Integer i = position.get(graph.target(e));
          if (i != null) {
            entry[i] = true;
          }
        }
      }
    }
    return entry;
  }

  @ParameterizedTest
  @MethodSource("goroutines")
  void goroutinesHaveTheirKnownStatesAndStacks(RealDump dump) throws IOException {
    Facts facts = dump.loadFacts();
    Goroutines goroutines = Goroutines.load(dump.dump());
    assertEquals(facts.longValue("numGoroutine"), goroutines.all().stream().filter(g -> !g.system()).count());
    int checked = 0;
    for (KnownGoroutine known : facts.goroutines()) {
      if (known.state().equals("running")) {
        continue; // the goroutine writing the dump
      }
      GoroutineInfo g = goroutines.byId(known.id());
      assertNotNull(g, "goroutine " + known.id());
      assertEquals(known.waitReason(), g.state(), "goroutine " + known.id());
      assertEquals(mainFunctions(known.funcs()), mainFunctions(g.functions()), "goroutine " + known.id());
      GoroutineGroup group = goroutines.groups().stream().filter(x -> x.ids().contains(known.id()))
          .findFirst().orElseThrow();
      for (KnownGoroutine other : facts.goroutines()) {
        boolean alike = other.waitReason().equals(known.waitReason()) && other.funcs().equals(known.funcs());
        assertEquals(alike, group.ids().contains(other.id()), known.id() + " grouped with " + other.id());
      }
      checked++;
    }
    assertEquals(facts.goroutines().size() - 1, checked);
    assertTrue(checked >= facts.get("roleGoroutineIDs").getAsJsonArray().size());
  }

  /**
   * Every interface value the program recorded whose itab has a type record and whose data word
   * points at a heap object's start names that object's type: the dynamic type for boxed values,
   * and for pointer types, which go1.19 names only "pkg.", the element under that name.
   */
  @ParameterizedTest
  @MethodSource("interfaces")
  void interfaceValuesNameTheTypesOfTheirData(RealDump dump) throws IOException {
    List<JsonObject> values = new ArrayList<>();
    collectInterfaceValues(dump.loadFacts().raw(), values);
    try (HeapAnalysis analysis = HeapAnalysis.of(dump.dump())) {
      HeapGraph graph = analysis.graph();
      int checked = 0;
      for (JsonObject value : values) {
        int v = graph.indexOfStart(Facts.parseValue(value.get("data").getAsString()));
        if (v < 0 || !value.has("dumpTypeName")) {
          continue; // static data, nil, or an empty interface whose type has no type record
        }
        String dynamicType = value.get("dynamicType").getAsString();
        String expected = dynamicType.startsWith("*")
            ? value.get("dumpTypeName").getAsString() + "? (elem of pointer type 0x"
                + Long.toHexString(Facts.parseValue(value.get("typeAddr").getAsString())) + ")"
            : value.get("dynamicTypeName").getAsString();
        assertEquals(expected, analysis.types().typeName(v), value.toString());
        checked++;
      }
      assertTrue(checked >= 5, "checked " + checked);
      assertNotNull(analysis.liveByType().row("main.Rect"));
    }
  }

  private static void collectInterfaceValues(JsonElement e, List<JsonObject> out) {
    if (e.isJsonObject()) {
      if (e.getAsJsonObject().has("word0Is")) {
        out.add(e.getAsJsonObject());
      }
      e.getAsJsonObject().entrySet().forEach(x -> collectInterfaceValues(x.getValue(), out));
    } else if (e.isJsonArray()) {
      e.getAsJsonArray().forEach(x -> collectInterfaceValues(x, out));
    }
  }

  /** Every live object of each allocation site has a sample naming it; live counts match. */
  @ParameterizedTest
  @MethodSource("memprof")
  void liveObjectsHaveTheirAllocationSites(RealDump dump) throws IOException {
    Facts facts = dump.loadFacts();
    try (HeapAnalysis analysis = HeapAnalysis.of(dump.dump())) {
      HeapGraph graph = analysis.graph();
      AllocationSites sites = analysis.sites();
      Histogram bySite = analysis.liveBySite();
      JsonObject live = facts.get("liveAddrs").getAsJsonObject();
      for (String function : live.keySet()) {
        for (long address : addresses(live.get(function))) {
          int v = graph.indexOfStart(address);
          assertTrue(analysis.reachability().isLive(v));
          AllocationSite site = sites.site(v);
          assertNotNull(site, "site of 0x" + Long.toHexString(address));
          assertEquals(function, site.frames().get(0).function());
        }
      }
      for (JsonElement e : facts.get("sites").getAsJsonArray()) {
        JsonObject site = e.getAsJsonObject();
        List<String> funcs = new ArrayList<>();
        site.getAsJsonArray("funcs").forEach(f -> funcs.add(f.getAsString()));
        Histogram.Row row = bySite.row(String.join(" <- ", funcs));
        long expected = site.get("liveObjects").getAsLong();
        assertEquals(expected, row == null ? 0 : row.count(), funcs.toString());
        if (row != null) {
          assertEquals(expected * site.get("size").getAsLong(), row.bytes());
        }
      }
    }
  }

  private static List<Long> addresses(JsonElement array) {
    List<Long> out = new ArrayList<>();
    array.getAsJsonArray().forEach(e -> out.add(Facts.parseValue(e.getAsString())));
    return out;
  }

  private static List<String> mainFunctions(List<String> functions) {
    return functions.stream().filter(f -> f.startsWith("main.")).toList();
  }
}
