package io.heapdump.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.heapdump.codec.DumpDecoder;
import io.heapdump.codec.DumpFormatException;
import io.heapdump.codec.DumpParams;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.DumpVersion;
import io.heapdump.codec.Eof;
import io.heapdump.codec.Records;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Whole dumps of every version round-trip; damaged dumps fail only with DumpFormatException. */
class DumpRoundTripTest {
  static final int DUMP_EXAMPLES = 100;
  static final int PREFIX_EXAMPLES = 10;
  static final int RANDOM_INPUT_EXAMPLES = 2000;
  static final int MUTATION_EXAMPLES = 2000;

  /** Position of a tag in the runtime's writing order (FORMAT.md section 2). */
  private static int orderRank(int tag) {
    switch (tag) {
      case 6: return 0; // params
      case 3: case 8: return 1; // types and itabs (go1.3/go1.4 types may precede objects)
      case 1: return 2; // objects
      case 4: case 5: case 14: case 15: return 3; // goroutines with frames, defers, panics
      case 9: return 4; // threads
      case 12: case 13: case 2: return 5; // segments, then other roots
      case 7: return 6;
      case 11: return 7;
      case 10: return 8;
      case 16: return 9;
      case 17: return 10;
      case 0: return 11;
      default: throw new AssertionError("tag " + tag);
    }
  }

  @ParameterizedTest
  @EnumSource(DumpVersion.class)
  void wholeDumpsRoundTripInRuntimeOrder(DumpVersion version) {
    qt().withExamples(DUMP_EXAMPLES).forAll(DumpGenerators.dumps(version)).checkAssert(records -> {
      assertInstanceOf(DumpParams.class, records.get(0));
      assertEquals(new Eof(), records.get(records.size() - 1));
      for (int i = 1; i < records.size(); i++) {
        assertTrue(orderRank(records.get(i - 1).tag()) <= orderRank(records.get(i).tag()),
            () -> "out of order: " + records);
      }
      byte[] bytes = Coding.encodeDump(version, records);
      List<DumpRecord> back = Coding.decodeDump(bytes);
      assertEquals(records, back);
      assertArrayEquals(bytes, Coding.encodeDump(version, back));
    });
  }

  @ParameterizedTest
  @EnumSource(DumpVersion.class)
  void prefixesOfWholeDumpsAreTruncated(DumpVersion version) {
    qt().withExamples(PREFIX_EXAMPLES).forAll(DumpGenerators.dumps(version)).checkAssert(records -> {
      byte[] bytes = Coding.encodeDump(version, records);
      // Every cut in the header and the params, then cuts spread over the rest.
      int step = Math.max(1, bytes.length / 200);
      for (int length = 0; length < bytes.length; length += length < 64 ? 1 : step) {
        int n = length;
        DumpFormatException e = assertThrows(DumpFormatException.class,
            () -> Records.decodeDump(Arrays.copyOf(bytes, n)), "prefix " + n);
        assertTrue(e.truncated(), () -> "prefix " + n + ": " + e.getMessage());
      }
    });
  }

  @Test
  void randomBytesAfterAValidHeaderFailOnlyWithDumpFormatException() {
    Gen<DumpVersion> versions = Generate.enumValues(DumpVersion.class);
    qt().withExamples(RANDOM_INPUT_EXAMPLES)
        .forAll(versions, RecordGenerators.byteArrays())
        .checkAssert((version, tail) -> {
          byte[] dump = concat(version.headerBytes(), tail);
          decodeExpectingOnlyFormatErrors(dump);
        });
  }

  @Test
  void randomBytesAfterValidParamsFailOnlyWithDumpFormatException() {
    Gen<DumpVersion> versions = Generate.enumValues(DumpVersion.class);
    qt().withExamples(RANDOM_INPUT_EXAMPLES)
        .forAll(versions.flatMap(v -> RecordGenerators.params(v).map(p -> Coding.encodeDump(v, List.of(p)))),
            RecordGenerators.byteArrays())
        .checkAssert((start, tail) -> decodeExpectingOnlyFormatErrors(concat(start, tail)));
  }

  @Test
  void damagedDumpsFailOnlyWithDumpFormatException() {
    Gen<DumpVersion> versions = Generate.enumValues(DumpVersion.class);
    Gen<byte[]> dumps = versions.flatMap(v -> DumpGenerators.dumps(v).map(r -> Coding.encodeDump(v, r)));
    Gen<Integer> position = Generate.range(0, Integer.MAX_VALUE);
    Gen<Byte> value = Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0);
    qt().withExamples(MUTATION_EXAMPLES)
        .forAll(dumps, position, position, value)
        .checkAssert((dump, at, count, b) -> {
          byte[] damaged = dump.clone();
          // Overwrite 1 to 3 bytes after the header, spread by the second number.
          for (int i = 0, k = 1 + count % 3; i < k; i++) {
            int p = 16 + (int) ((at + (long) i * count) % (damaged.length - 16));
            damaged[p] = (byte) (b + i * 0x35);
          }
          decodeExpectingOnlyFormatErrors(damaged);
        });
  }

  /** Decodes the whole input; a DumpFormatException is fine, any other throwable fails. */
  private static void decodeExpectingOnlyFormatErrors(byte[] dump) {
    try {
      DumpDecoder decoder = DumpDecoder.of(dump);
      for (DumpRecord r = decoder.next(); r != null; r = decoder.next()) {
        assertTrue(decoder.position() <= dump.length);
      }
    } catch (DumpFormatException e) {
      assertTrue(e.offset() >= 0 && e.offset() <= dump.length, e::getMessage);
      assertTrue(!e.reason().isEmpty());
    } catch (java.io.IOException e) {
      throw new AssertionError("in-memory decoding threw " + e, e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
