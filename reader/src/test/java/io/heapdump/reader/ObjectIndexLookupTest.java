package io.heapdump.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heapdump.testkit.RealDumps;
import io.heapdump.testkit.RealDumps.RealDump;
import java.io.IOException;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The page-table lookup answers exactly as the index's binary search, at and around every object. */
class ObjectIndexLookupTest {
  static Stream<RealDump> dumps() {
    return RealDumps.stream();
  }

  @ParameterizedTest
  @MethodSource("dumps")
  void fastLookupAgreesWithTheIndex(RealDump dump) throws IOException {
    try (ObjectIndex objects = ObjectIndex.build(dump.dump())) {
      ObjectIndex.Lookup lookup = objects.fastLookup();
      Random random = new Random(7);
      for (int v = 0; v < objects.size(); v++) {
        long start = objects.address(v);
        long end = start + objects.length(v);
        long inside = start + random.nextInt(objects.length(v));
        for (long address : new long[] {start, start - 1, end - 1, end, inside}) {
          assertEquals(objects.indexOf(address), lookup.indexOf(address), Long.toHexString(address));
        }
        assertEquals(v, objects.indexOfStart(start));
        assertEquals(v, lookup.indexOfStart(start));
        assertEquals(-1, objects.indexOfStart(start + 1));
        assertEquals(-1, lookup.indexOfStart(start + 1));
      }
      for (long address : new long[] {0, -1, 1L << 40, Long.MIN_VALUE}) {
        assertEquals(objects.indexOf(address), lookup.indexOf(address));
      }
    }
  }
}
