package io.heapdump.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapdump.codec.DumpFormatException;
import io.heapdump.codec.DumpVersion;
import io.heapdump.testkit.RealDumps.RealDump;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real dump cut at many offsets: lenient reading returns exactly the records that end at or
 * before the cut and says where it stopped; strict reading throws a truncated
 * DumpFormatException.
 */
class TruncationTest {
  /** Cuts at every offset through this many leading records. */
  private static final int EVERY_OFFSET_RECORDS = 12;
  /** Further cuts spread through the rest of the file. */
  private static final int SPREAD_CUTS = 300;

  @ParameterizedTest
  @MethodSource("io.heapdump.testkit.RealDumps#stream")
  void lenientRecoversExactlyTheCompleteRecordsAndStrictThrows(RealDump dump) throws IOException {
    byte[] bytes = dump.readBytes();
    ReadAll whole;
    try (DumpReader r = DumpReader.open(new ByteArrayInputStream(bytes))) {
      whole = ReadAll.of(r);
    }
    TreeSet<Integer> cuts = new TreeSet<>();
    long everyUpTo = whole.ends()[Math.min(EVERY_OFFSET_RECORDS, whole.ends().length) - 1];
    for (int cut = 0; cut <= everyUpTo; cut++) {
      cuts.add(cut);
    }
    Random random = new Random(dump.program().hashCode());
    for (int i = 0; i < SPREAD_CUTS; i++) {
      cuts.add(random.nextInt(bytes.length));
    }
    // Cuts right at record ends and one byte before them, where off-by-ones hide.
    for (int i = 0; i < whole.ends().length; i += Math.max(1, whole.ends().length / 50)) {
      cuts.add((int) whole.ends()[i] - 1);
      cuts.add((int) whole.ends()[i]);
    }
    cuts.remove(bytes.length);
    for (int cut : cuts) {
      checkCut(bytes, cut, whole);
    }
  }

  private static void checkCut(byte[] bytes, int cut, ReadAll whole) throws IOException {
    byte[] prefix = Arrays.copyOf(bytes, cut);
    if (cut < DumpVersion.HEADER_LENGTH) {
      DumpFormatException e = assertThrows(DumpFormatException.class,
          () -> DumpReader.open(new ByteArrayInputStream(prefix), ReadOptions.defaults().lenient(true)));
      assertTrue(e.truncated(), e.getMessage());
      return;
    }
    int complete = 0;
    while (complete < whole.ends().length && whole.ends()[complete] <= cut) {
      complete++;
    }
    // Lenient, alternating full decoding and skipped contents, which truncate differently.
    ReadOptions lenient = ReadOptions.defaults().lenient(true).skipContents(cut % 2 == 0);
    try (DumpReader r = DumpReader.open(new ByteArrayInputStream(prefix), lenient)) {
      ReadAll read = ReadAll.of(r);
      assertEquals(complete, read.records().size(), "cut " + cut);
      if (complete > 0 && cut % 2 == 1) {
        assertEquals(whole.records().get(complete - 1), read.records().get(complete - 1));
      }
      Truncation t = r.truncation().orElseThrow(() -> new AssertionError("cut " + cut));
      long validLength = complete == 0 ? DumpVersion.HEADER_LENGTH : whole.ends()[complete - 1];
      assertEquals(validLength, t.validLength(), "cut " + cut);
      assertEquals(complete, t.recordIndex());
      assertTrue(t.endOfInput(), t.toString());
      assertTrue(t.offset() >= validLength && t.offset() <= cut, t.toString());
    }
    // Strict: the same place, as an exception.
    DumpFormatException e = assertThrows(DumpFormatException.class, () -> {
      try (DumpReader r = DumpReader.open(new ByteArrayInputStream(prefix))) {
        ReadAll.of(r);
      }
    }, "cut " + cut);
    assertTrue(e.truncated(), e.getMessage());
    assertEquals(complete, e.recordIndex(), e.getMessage());
    assertTrue(e.offset() >= validLengthOf(whole, complete) && e.offset() <= cut, e.getMessage());
  }

  private static long validLengthOf(ReadAll whole, int complete) {
    return complete == 0 ? DumpVersion.HEADER_LENGTH : whole.ends()[complete - 1];
  }
}
