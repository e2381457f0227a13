package io.heapdump.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.heapdump.codec.AllocSample;
import io.heapdump.codec.BssSegment;
import io.heapdump.codec.DataSegment;
import io.heapdump.codec.Defer;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.DumpVersion;
import io.heapdump.codec.Eof;
import io.heapdump.codec.Finalizer;
import io.heapdump.codec.Goroutine;
import io.heapdump.codec.Itab;
import io.heapdump.codec.ItabGo13;
import io.heapdump.codec.MemProfileBucket;
import io.heapdump.codec.MemStats;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.ObjectRecordGo13;
import io.heapdump.codec.OsThread;
import io.heapdump.codec.OtherRoot;
import io.heapdump.codec.Panic;
import io.heapdump.codec.Params;
import io.heapdump.codec.ParamsGo13;
import io.heapdump.codec.ParamsGo14;
import io.heapdump.codec.QueuedFinalizer;
import io.heapdump.codec.StackFrame;
import io.heapdump.codec.TypeRecord;
import io.heapdump.codec.TypeRecordGo13;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The generators reach what they promise (fixed seeds: these are coverage checks). */
class GeneratorsTest {
  private static final long SEED = 20261122L;

  private static final List<Class<?>> SHARED = List.of(Eof.class, OtherRoot.class,
      Goroutine.class, StackFrame.class, Finalizer.class, OsThread.class, MemStats.class,
      QueuedFinalizer.class, DataSegment.class, BssSegment.class, Defer.class, Panic.class,
      MemProfileBucket.class, AllocSample.class);

  private static Set<Class<?>> expectedTypes(DumpVersion version) {
    Set<Class<?>> out = new HashSet<>(SHARED);
    if (version == DumpVersion.GO1_3) {
      out.addAll(List.of(ObjectRecordGo13.class, TypeRecordGo13.class, ItabGo13.class,
          ParamsGo13.class));
    } else {
      out.addAll(List.of(ObjectRecord.class, TypeRecord.class, Itab.class,
          version == DumpVersion.GO1_7 ? Params.class : ParamsGo14.class));
    }
    return out;
  }

  private static Set<Class<?>> concreteRecordClasses(Class<?> sealed) {
    Set<Class<?>> out = new HashSet<>();
    for (Class<?> c : sealed.getPermittedSubclasses()) {
      if (c.isInterface()) {
        out.addAll(concreteRecordClasses(c));
      } else {
        out.add(c);
      }
    }
    return out;
  }

  @Test
  void everyRecordTypeHasAGeneratorInTheVersionsThatHoldIt() {
    Set<Class<?>> union = new HashSet<>();
    for (DumpVersion version : DumpVersion.values()) {
      Set<Class<?>> types = new HashSet<>(RecordGenerators.byType(version).keySet());
      assertEquals(expectedTypes(version), types, version.toString());
      assertEquals(18, types.size());
      union.addAll(types);
    }
    assertEquals(concreteRecordClasses(DumpRecord.class), union);
  }

  @Test
  void recordsOfAVersionReachEveryTypeAndWholeDumpsEveryTag() {
    for (DumpVersion version : DumpVersion.values()) {
      Set<Class<?>> seen = new HashSet<>();
      qt().withFixedSeed(SEED).withExamples(500).forAll(RecordGenerators.recordsOf(version))
          .checkAssert(r -> seen.add(r.getClass()));
      assertEquals(expectedTypes(version), seen, version.toString());

      Set<Integer> tags = new TreeSet<>();
      qt().withFixedSeed(SEED).withExamples(200).forAll(DumpGenerators.dumps(version))
          .checkAssert(d -> d.forEach(r -> tags.add(r.tag())));
      assertEquals(18, tags.size(), version + " " + tags);
    }
  }

  @Test
  void uvarintsCoverEveryEncodedLength() {
    Set<Integer> lengths = new TreeSet<>();
    Set<Long> values = new HashSet<>();
    qt().withFixedSeed(SEED).withExamples(3000).forAll(RecordGenerators.uvarints())
        .checkAssert(v -> {
          lengths.add(Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 6) / 7));
          values.add(v);
        });
    assertEquals(new TreeSet<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)), lengths);
    assertTrue(values.containsAll(List.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE)), "boundaries");
  }

  @Test
  void stringsHoldNonAsciiSupplementaryEscapedBytesAndLongLengths() {
    List<String> strings = new ArrayList<>();
    qt().withFixedSeed(SEED).withExamples(1000).forAll(RecordGenerators.strings())
        .checkAssert(strings::add);
    assertTrue(strings.stream().anyMatch(String::isEmpty));
    assertTrue(strings.stream().anyMatch(s -> s.chars().anyMatch(c -> c >= 0x80 && c < 0xd800)));
    assertTrue(strings.stream().anyMatch(s -> s.codePoints().anyMatch(c -> c > 0xffff)));
    assertTrue(strings.stream().anyMatch(s -> s.chars().anyMatch(c -> c >= 0xdc80 && c <= 0xdcff)),
        "escaped non-UTF-8 bytes");
    assertTrue(strings.stream().anyMatch(s -> s.getBytes(StandardCharsets.UTF_8).length > 127));
  }

  @Test
  void objectGraphsHaveInteriorOutsideAndRootPointers() {
    boolean[] seen = new boolean[3]; // interior, from a root, outside the heap
    qt().withFixedSeed(SEED).withExamples(50).forAll(DumpGenerators.objectGraphs(DumpVersion.GO1_7))
        .checkAssert(g -> {
          for (DumpGenerators.Edge e : g.edges()) {
            seen[0] |= e.pointer() != e.target();
            seen[1] |= e.fromRoot();
          }
          long pointerFields = g.records().stream()
              .filter(r -> r instanceof ObjectRecord)
              .mapToLong(r -> ((ObjectRecord) r).fields().size()).sum();
          long objectEdges = g.edges().stream().filter(e -> !e.fromRoot()).count();
          seen[2] |= objectEdges < pointerFields; // some fields are nil or point outside
        });
    assertTrue(seen[0] && seen[1] && seen[2]);
  }
}
