package io.heapdump.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CompactLongArrayTest {
  @Test
  void valuesBelow2To32TakeFourBytesEach() {
    long[] values = {0, 1, 0xffff_ffffL, 123_456_789L, 0};
    CompactLongArray a = CompactLongArray.of(values, 4);
    assertEquals(4, a.length());
    assertEquals(16, a.memoryBytes());
    for (int i = 0; i < 4; i++) {
      assertEquals(values[i], a.get(i));
    }
  }

  @Test
  void oneLargerValueMakesEveryEntryEightBytes() {
    long[] values = {7, 1L << 32, Long.MAX_VALUE};
    CompactLongArray a = CompactLongArray.of(values, 3);
    assertEquals(24, a.memoryBytes());
    for (int i = 0; i < 3; i++) {
      assertEquals(values[i], a.get(i));
    }
  }

  @Test
  void theCallersArrayIsNotKept() {
    long[] values = {1L << 40, 2};
    CompactLongArray a = CompactLongArray.of(values, 2);
    values[0] = 5;
    assertEquals(1L << 40, a.get(0));
  }
}
