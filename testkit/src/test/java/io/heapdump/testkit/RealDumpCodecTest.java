package io.heapdump.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.heapdump.codec.BssSegment;
import io.heapdump.codec.DataSegment;
import io.heapdump.codec.DumpDecoder;
import io.heapdump.codec.DumpEncoder;
import io.heapdump.codec.DumpParams;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.Eof;
import io.heapdump.codec.Goroutine;
import io.heapdump.codec.MemStats;
import io.heapdump.codec.Memory;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.ObjectRecordGo13;
import io.heapdump.codec.Params;
import io.heapdump.codec.WordFormat;
import io.heapdump.testkit.Facts.KnownGoroutine;
import io.heapdump.testkit.Facts.KnownObject;
import io.heapdump.testkit.RealDumps.RealDump;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real Go dumps (from {@code heapdump.dumpDirs}) decode completely, re-encode byte for byte, and
 * agree with the facts their programs recorded.
 */
class RealDumpCodecTest {

  /** What one pass over a dump collects. */
  private static final class Decoded {
    DumpParams params;
    MemStats memStats;
    final Set<Long> goroutineIds = new HashSet<>();
    /** Objects, then data and bss segments: {address, length, index into contents}. */
    final List<long[]> spans = new ArrayList<>();
    final List<Memory> contents = new ArrayList<>();
    long records;
  }

  /** Fails at the first byte that differs from the original dump. */
  private static final class ComparingOutputStream extends OutputStream {
    private final byte[] expected;
    private int position;

    ComparingOutputStream(byte[] expected) {
      this.expected = expected;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (position + len > expected.length) {
        fail("re-encoding is longer than the dump's " + expected.length + " bytes");
      }
      for (int i = 0; i < len; i++) {
        if (b[off + i] != expected[position + i]) {
          fail("re-encoding differs at byte offset " + (position + i));
        }
      }
      position += len;
    }
  }

  private static Decoded decodeAndReEncode(byte[] bytes) throws IOException {
    Decoded out = new Decoded();
    DumpDecoder decoder = DumpDecoder.of(bytes);
    ComparingOutputStream reEncoded = new ComparingOutputStream(bytes);
    DumpRecord last = null;
    try (DumpEncoder encoder = DumpEncoder.start(reEncoded, decoder.version())) {
      for (DumpRecord r = decoder.next(); r != null; r = decoder.next()) {
        encoder.write(r);
        out.records++;
        last = r;
        if (r instanceof DumpParams p) {
          out.params = p;
        } else if (r instanceof MemStats m) {
          out.memStats = m;
        } else if (r instanceof Goroutine g) {
          out.goroutineIds.add(g.id());
        } else if (r instanceof ObjectRecord o) {
          addSpan(out, o.address(), o.contents());
        } else if (r instanceof ObjectRecordGo13 o) {
          addSpan(out, o.address(), o.contents());
        } else if (r instanceof DataSegment s) {
          addSpan(out, s.address(), s.contents());
        } else if (r instanceof BssSegment s) {
          addSpan(out, s.address(), s.contents());
        }
      }
    }
    assertEquals(bytes.length, reEncoded.position, "re-encoding is shorter than the dump");
    assertEquals(new Eof(), last);
    assertEquals(0, decoder.nonMinimalVarints(), "the Go runtime writes minimal uvarints");
    return out;
  }

  private static void addSpan(Decoded out, long address, Memory contents) {
    out.spans.add(new long[] {address, contents.length(), out.contents.size()});
    out.contents.add(contents);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.heapdump.testkit.RealDumps#stream")
  void decodesCompletelyReEncodesIdenticallyAndMatchesFacts(RealDump dump) throws IOException {
    byte[] bytes = dump.readBytes();
    Facts facts = dump.loadFacts();
    assertEquals(facts.expectedHeader(),
        new String(bytes, 0, Math.min(16, bytes.length), StandardCharsets.US_ASCII));

    Decoded d = decodeAndReEncode(bytes);

    assertEquals(facts.pointerSize(), d.params.pointerSize());
    assertEquals(facts.goarch(), d.params.architecture());
    assertEquals(facts.numCpu(), d.params.cpuCount());
    if (d.params instanceof Params p) {
      assertEquals(facts.goVersion(), p.buildVersion());
    }

    checkKnownObjects(facts, d);

    for (KnownGoroutine g : facts.goroutines()) {
      assertTrue(d.goroutineIds.contains(g.id()),
          () -> "goroutine " + g.id() + " (" + g.funcs() + ") not in the dump's " + d.goroutineIds);
    }

    assertInstanceOf(MemStats.class, d.memStats);
    assertEquals(facts.numGc(), d.memStats.numGC(), "numGC");
    assertEquals(facts.lastGc(), d.memStats.lastGC(), "lastGC");
    assertEquals(facts.pauseTotalNs(), d.memStats.pauseTotalNs(), "pauseTotalNs");
    long[] pauses = facts.pauseNs();
    if (pauses.length > 0) {
      assertArrayEquals(pauses, d.memStats.pauseNs(), "pauseNs");
    }
  }

  /**
   * Each known object lies in some object record (or, for statically allocated values, in the
   * data or bss segment), with the recorded values at its offsets. Pointers (hex) are read as
   * pointer words; integers (decimal) as words of the field's alignment within the object, at
   * most a pointer (a uint8 at offset 9 is one byte), compared on the bytes read.
   */
  private static void checkKnownObjects(Facts facts, Decoded d) {
    long[][] spans = d.spans.toArray(new long[0][]);
    Arrays.sort(spans, (a, b) -> Long.compareUnsigned(a[0], b[0]));
    long[] starts = new long[spans.length];
    for (int i = 0; i < spans.length; i++) {
      starts[i] = spans[i][0];
    }
    WordFormat format = d.params.wordFormat();
    for (KnownObject k : facts.knownObjects()) {
      int i = Arrays.binarySearch(starts, k.address());
      i = i >= 0 ? i : -i - 2; // the last span starting at or below the address
      assertTrue(i >= 0 && k.address() - spans[i][0] < spans[i][1],
          () -> k.path() + " at 0x" + Long.toHexString(k.address()) + " is in no object");
      long[] span = spans[i];
      Memory contents = d.contents.get((int) span[2]);
      for (Map.Entry<Long, String> field : k.fieldsByOffset().entrySet()) {
        long fieldOffset = field.getKey();
        boolean pointer = field.getValue().startsWith("0x");
        int width = pointer ? format.pointerSize()
            : (int) Math.min(format.pointerSize(), Long.lowestOneBit(fieldOffset | 8));
        long offset = k.address() - span[0] + fieldOffset;
        assertTrue(offset + width <= span[1],
            () -> k.path() + " field " + fieldOffset + " lies past its object");
        long word = contents.wordAt((int) offset, width, format.byteOrder());
        long mask = width == 8 ? -1L : (1L << (8 * width)) - 1;
        long expected = Facts.parseValue(field.getValue()) & mask;
        assertEquals(expected, word, () -> k.path() + " (" + k.type() + ") at offset "
            + fieldOffset + ": expected " + field.getValue() + ", found 0x"
            + Long.toHexString(word));
      }
    }
  }
}
