package io.heapdump.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.heapdump.codec.DumpFormatException;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.DumpVersion;
import io.heapdump.codec.Records;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;

/** Every record type in every version where it exists, through the codec and back. */
class RecordRoundTripTest {
  static final int ROUND_TRIP_EXAMPLES = 200;
  static final int PREFIX_EXAMPLES = 20;

  static Stream<Arguments> recordTypesByVersion() {
    List<Arguments> out = new ArrayList<>();
    for (DumpVersion version : DumpVersion.values()) {
      for (Map.Entry<Class<? extends DumpRecord>, Gen<? extends DumpRecord>> e
          : RecordGenerators.byType(version).entrySet()) {
        out.add(Arguments.of(version, e.getKey(), e.getValue()));
      }
    }
    return out.stream();
  }

  @SuppressWarnings("unchecked")
  private static Gen<DumpRecord> widen(Gen<? extends DumpRecord> gen) {
    return (Gen<DumpRecord>) gen;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("recordTypesByVersion")
  void decodeOfEncodeGivesTheRecordAndTheSameBytes(
      DumpVersion version, Class<?> type, Gen<? extends DumpRecord> gen) {
    qt().withExamples(ROUND_TRIP_EXAMPLES).forAll(widen(gen)).checkAssert(record -> {
      assertEquals(type, record.getClass());
      byte[] bytes = Coding.encode(record, version);
      DumpRecord back = Coding.decode(bytes, version);
      assertEquals(record, back);
      assertEquals(record.hashCode(), back.hashCode());
      assertArrayEquals(bytes, Coding.encode(back, version), "canonical bytes re-encode the same");
    });
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("recordTypesByVersion")
  void everyStrictPrefixIsATruncatedRecord(
      DumpVersion version, Class<?> type, Gen<? extends DumpRecord> gen) {
    qt().withExamples(PREFIX_EXAMPLES).forAll(widen(gen)).checkAssert(record -> {
      byte[] bytes = Coding.encode(record, version);
      for (int length = 0; length < bytes.length; length++) {
        int n = length;
        byte[] prefix = Arrays.copyOf(bytes, n);
        DumpFormatException e = assertThrows(
            DumpFormatException.class, () -> Records.decode(prefix, version), "prefix " + n);
        assertTrue(e.truncated(), () -> "prefix " + n + " of " + record + ": " + e.getMessage());
        assertTrue(e.offset() >= 0 && e.offset() <= n, e::getMessage);
      }
    });
  }
}
