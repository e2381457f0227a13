package io.heapdump.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapdump.codec.DataSegment;
import io.heapdump.codec.DumpFormatException;
import io.heapdump.codec.DumpParams;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.Eof;
import io.heapdump.codec.Goroutine;
import io.heapdump.codec.MemStats;
import io.heapdump.codec.Memory;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.StackFrame;
import io.heapdump.testkit.Facts;
import io.heapdump.testkit.RealDumps.RealDump;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DumpReaderTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @MethodSource("io.heapdump.testkit.RealDumps#stream")
  void pathStreamGzipAndWindowsGiveTheSameRecords(RealDump dump) throws IOException {
    byte[] bytes = dump.readBytes();
    Path gz = tmp.resolve("d.dump.gz");
    Files.write(gz, ReadAll.gzip(bytes));

    ReadAll mapped;
    try (DumpReader r = DumpReader.open(dump.dump())) {
      mapped = ReadAll.of(r);
    }
    assertTrue(mapped.records().get(mapped.records().size() - 1) instanceof Eof);
    assertEquals(bytes.length, mapped.ends()[mapped.ends().length - 1]);

    List<DumpReader> others = new ArrayList<>();
    others.add(DumpReader.open(new ByteArrayInputStream(bytes)));
    others.add(DumpReader.open(gz));
    others.add(DumpReader.open(Files.newInputStream(gz)));
    // Window boundaries: 4 KiB windows (many boundaries, segments mapped apart) and an odd size.
    others.add(DumpReader.open(dump.dump(), ReadOptions.defaults(), 4096));
    others.add(DumpReader.open(dump.dump(), ReadOptions.defaults(), 100_003));
    for (DumpReader other : others) {
      try (other) {
        ReadAll read = ReadAll.of(other);
        assertEquals(mapped.records(), read.records());
        assertArrayEquals(mapped.starts(), read.starts());
        assertArrayEquals(mapped.ends(), read.ends());
        assertTrue(other.truncation().isEmpty());
        assertNull(other.next(), "stays at the end");
      }
    }
  }

  @Test
  void tinyWindowsCrossEveryKindOfBoundary() throws IOException {
    // The smallest real dump with 2-byte windows (1-byte steps): every varint, string and memory
    // straddles a window edge somewhere. Kept short: every window is a mapping of its own.
    Path smallest = io.heapdump.testkit.RealDumps.all().stream().map(RealDump::dump)
        .min((a, b) -> Long.compare(a.toFile().length(), b.toFile().length())).orElseThrow();
    byte[] head = Arrays.copyOf(Files.readAllBytes(smallest), 8_000);
    Path cut = tmp.resolve("head.dump");
    Files.write(cut, head);
    ReadOptions lenient = ReadOptions.defaults().lenient(true);
    ReadAll whole;
    try (DumpReader r = DumpReader.open(new ByteArrayInputStream(head), lenient)) {
      whole = ReadAll.of(r);
    }
    for (int window : new int[] {2, 3, 17, 64}) {
      try (DumpReader r = DumpReader.open(cut, lenient, window)) {
        ReadAll read = ReadAll.of(r);
        assertEquals(whole.records(), read.records(), "window " + window);
        assertArrayEquals(whole.ends(), read.ends());
        Truncation t = r.truncation().orElseThrow();
        assertTrue(t.endOfInput());
        assertEquals(whole.ends()[whole.ends().length - 1], t.validLength());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("io.heapdump.testkit.RealDumps#stream")
  void visitorSeesWhatPullReturnsAndFactsHold(RealDump dump) throws IOException {
    Facts facts = dump.loadFacts();
    Map<String, Integer> pulled = new HashMap<>();
    try (DumpReader r = DumpReader.open(dump.dump())) {
      for (DumpRecord rec = r.next(); rec != null; rec = r.next()) {
        pulled.merge(rec.getClass().getSimpleName(), 1, Integer::sum);
      }
      assertEquals(facts.pointerSize(), r.wordFormat().pointerSize());
    }
    Map<String, Integer> visited = new HashMap<>();
    java.util.Set<Long> goroutineIds = new java.util.HashSet<>();
    MemStats[] stats = new MemStats[1];
    try (DumpReader r = DumpReader.open(dump.dump())) {
      r.accept(new CountingVisitor(visited) {
        @Override
        public void visitGoroutine(Goroutine g) {
          super.visitGoroutine(g);
          goroutineIds.add(g.id());
        }

        @Override
        public void visitMemStats(MemStats m) {
          super.visitMemStats(m);
          stats[0] = m;
        }
      });
    }
    assertEquals(pulled, visited);
    for (Facts.KnownGoroutine g : facts.goroutines()) {
      assertTrue(goroutineIds.contains(g.id()), "goroutine " + g.id());
    }
    assertEquals(facts.numGc(), stats[0].numGC());
    assertEquals(facts.pauseTotalNs(), stats[0].pauseTotalNs());
  }

  /** Counts visits by record class; every method is overridden so none is missed. */
  static class CountingVisitor implements DumpVisitor {
    final Map<String, Integer> counts;

    CountingVisitor(Map<String, Integer> counts) {
      this.counts = counts;
    }

    void count(Object r) {
      counts.merge(r.getClass().getSimpleName(), 1, Integer::sum);
    }

    @Override public void visitParams(DumpParams r) { count(r); }
    @Override public void visitObject(ObjectRecord r) { count(r); }
    @Override public void visitObjectGo13(io.heapdump.codec.ObjectRecordGo13 r) { count(r); }
    @Override public void visitOtherRoot(io.heapdump.codec.OtherRoot r) { count(r); }
    @Override public void visitType(io.heapdump.codec.TypeRecord r) { count(r); }
    @Override public void visitTypeGo13(io.heapdump.codec.TypeRecordGo13 r) { count(r); }
    @Override public void visitGoroutine(Goroutine r) { count(r); }
    @Override public void visitStackFrame(StackFrame r) { count(r); }
    @Override public void visitFinalizer(io.heapdump.codec.Finalizer r) { count(r); }
    @Override public void visitQueuedFinalizer(io.heapdump.codec.QueuedFinalizer r) { count(r); }
    @Override public void visitItab(io.heapdump.codec.Itab r) { count(r); }
    @Override public void visitItabGo13(io.heapdump.codec.ItabGo13 r) { count(r); }
    @Override public void visitOsThread(io.heapdump.codec.OsThread r) { count(r); }
    @Override public void visitMemStats(MemStats r) { count(r); }
    @Override public void visitDataSegment(DataSegment r) { count(r); }
    @Override public void visitBssSegment(io.heapdump.codec.BssSegment r) { count(r); }
    @Override public void visitDefer(io.heapdump.codec.Defer r) { count(r); }
    @Override public void visitPanic(io.heapdump.codec.Panic r) { count(r); }
    @Override public void visitMemProfileBucket(io.heapdump.codec.MemProfileBucket r) { count(r); }
    @Override public void visitAllocSample(io.heapdump.codec.AllocSample r) { count(r); }
    @Override public void visitEof(Eof r) { count(r); }
  }

  @ParameterizedTest
  @MethodSource("io.heapdump.testkit.RealDumps#stream")
  void skipContentsKeepsLengthsAndEverythingElse(RealDump dump) throws IOException {
    List<DumpRecord> full;
    try (DumpReader r = DumpReader.open(dump.dump())) {
      full = ReadAll.of(r).records();
    }
    try (DumpReader r = DumpReader.open(dump.dump(), ReadOptions.defaults().skipContents(true))) {
      List<DumpRecord> skipped = ReadAll.of(r).records();
      assertEquals(full.size(), skipped.size());
      for (int i = 0; i < full.size(); i++) {
        if (full.get(i) instanceof ObjectRecord o) {
          ObjectRecord s = (ObjectRecord) skipped.get(i);
          assertEquals(o.address(), s.address());
          assertEquals(o.fields(), s.fields());
          assertEquals(o.contents().length(), s.contents().length());
          assertFalse(s.contents().hasBytes());
        } else if (!(full.get(i) instanceof StackFrame || full.get(i) instanceof DataSegment
            || full.get(i) instanceof io.heapdump.codec.BssSegment)) {
          assertEquals(full.get(i), skipped.get(i));
        }
      }
    }
  }

  @Test
  void progressIsMonotonicAndEndsAtTheTotal() throws IOException {
    RealDump dump = io.heapdump.testkit.RealDumps.all().get(0);
    long size = Files.size(dump.dump());
    for (boolean gzip : new boolean[] {false, true}) {
      Path path = dump.dump();
      if (gzip) {
        path = tmp.resolve("p.dump.gz");
        Files.write(path, ReadAll.gzip(Files.readAllBytes(dump.dump())));
        size = Files.size(path);
      }
      List<long[]> reports = new ArrayList<>();
      ReadOptions options =
          ReadOptions.defaults().progress((done, total) -> reports.add(new long[] {done, total}));
      try (DumpReader r = DumpReader.open(path, options)) {
        ReadAll.of(r);
      }
      assertTrue(reports.size() >= 2, "reports: " + reports.size());
      for (int i = 0; i < reports.size(); i++) {
        assertEquals(size, reports.get(i)[1]);
        assertTrue(i == 0 || reports.get(i)[0] >= reports.get(i - 1)[0]);
      }
      assertEquals(size, reports.get(reports.size() - 1)[0]);
    }
  }

  @Test
  void aDamagedGzipStreamIsADumpFormatException() throws IOException {
    byte[] bytes = io.heapdump.testkit.RealDumps.all().get(0).readBytes();
    byte[] gz = ReadAll.gzip(bytes);
    // Cut inside the compressed data: truncated, with the decompressed offset reached.
    byte[] cut = Arrays.copyOf(gz, gz.length / 2);
    DumpFormatException e = assertThrows(DumpFormatException.class, () -> readAll(cut));
    assertTrue(e.truncated(), e.getMessage());
    assertTrue(e.offset() > 0 && e.offset() < bytes.length, e.getMessage());
    assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    // A damaged CRC in the trailer, found after the EOF record.
    byte[] badCrc = gz.clone();
    badCrc[badCrc.length - 8] ^= 1;
    e = assertThrows(DumpFormatException.class, () -> readAll(badCrc));
    assertFalse(e.truncated());
    assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    // Only the magic bytes: the gzip header itself is cut.
    e = assertThrows(DumpFormatException.class, () -> readAll(new byte[] {0x1f, (byte) 0x8b, 8}));
    assertTrue(e.truncated());
    // Leniently, a cut gzip stream gives its complete records.
    try (DumpReader r = DumpReader.open(new ByteArrayInputStream(cut),
        ReadOptions.defaults().lenient(true))) {
      ReadAll read = ReadAll.of(r);
      Truncation t = r.truncation().orElseThrow();
      assertTrue(t.endOfInput());
      assertEquals(read.records().size(), t.recordIndex());
      assertEquals(read.ends()[read.ends().length - 1], t.validLength());
    }
  }

  private static void readAll(byte[] input) throws IOException {
    try (InputStream in = new ByteArrayInputStream(input); DumpReader r = DumpReader.open(in)) {
      ReadAll.of(r);
    }
  }

  @Test
  void contentsOfRecordsStayValidAfterLaterReads() throws IOException {
    RealDump dump = io.heapdump.testkit.RealDumps.all().get(0);
    List<Memory> kept = new ArrayList<>();
    List<byte[]> copies = new ArrayList<>();
    try (DumpReader r = DumpReader.open(new ByteArrayInputStream(dump.readBytes()))) {
      for (DumpRecord rec = r.next(); rec != null; rec = r.next()) {
        if (rec instanceof ObjectRecord o) {
          kept.add(o.contents());
          copies.add(o.contents().toByteArray());
        }
      }
    }
    for (int i = 0; i < kept.size(); i++) {
      assertArrayEquals(copies.get(i), kept.get(i).toByteArray());
    }
  }
}
