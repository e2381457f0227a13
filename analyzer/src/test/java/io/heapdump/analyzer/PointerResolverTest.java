package io.heapdump.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heapdump.reader.ObjectIndex;
import io.heapdump.testkit.RealDumps;
import io.heapdump.testkit.RealDumps.RealDump;
import java.io.IOException;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The load-time page table answers exactly as the reader's binary search. */
class PointerResolverTest {
  static Stream<RealDump> dumps() {
    return RealDumps.stream();
  }

  @ParameterizedTest
  @MethodSource("dumps")
  void agreesWithTheObjectIndex(RealDump dump) throws IOException {
    try (ObjectIndex objects = ObjectIndex.build(dump.dump())) {
      PointerResolver resolver = PointerResolver.over(objects);
      Random random = new Random(7);
      for (int v = 0; v < objects.size(); v++) {
        long start = objects.address(v);
        long end = start + objects.length(v);
        for (long address : new long[] {start, start - 1, end - 1, end, start + random.nextInt(objects.length(v))}) {
          assertEquals(objects.indexOf(address), resolver.indexOf(address), Long.toHexString(address));
        }
        assertEquals(v, resolver.indexOfStart(start));
        assertEquals(-1, resolver.indexOfStart(start + 1));
      }
      for (long address : new long[] {0, -1, 1L << 40, Long.MIN_VALUE}) {
        assertEquals(objects.indexOf(address), resolver.indexOf(address));
      }
    }
  }
}
