package io.heapdump.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heapdump.codec.DataSegment;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.FieldList;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.Params;
import io.heapdump.codec.WordFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Diffs of two dumps by size class and by layout, with exact counts and bytes. */
class HeapDiffTest {
  private static final WordFormat LE64 = WordFormat.LITTLE_ENDIAN_64;
  private static final long HEAP = 0xc000000000L;

  @TempDir
  Path dir;

  /** A global pointing at a chain of {@code small} 16-byte objects, then {@code large} 64-byte ones. */
  private Path dump(int small, int large) throws IOException {
    List<DumpRecord> r = new ArrayList<>();
    r.add(new Params(false, 8, HEAP, HEAP + 0x100000, "amd64", "go1.19.8", 2));
    int count = small + large;
    long at = HEAP;
    for (int i = 0; i < count; i++) {
      int size = i < small ? 16 : 64;
      long next = i + 1 < count ? at + size : 0;
      r.add(new ObjectRecord(at, TestDumps.words(LE64, size, next), FieldList.pointersAt(0)));
      at += size;
    }
    r.add(new ObjectRecord(at, TestDumps.words(LE64, 32), FieldList.EMPTY)); // garbage
    r.add(new DataSegment(0x560000, TestDumps.words(LE64, 8, HEAP), FieldList.pointersAt(0)));
    return TestDumps.write(dir, r);
  }

  @Test
  void growthBySizeClassAndLayout() throws IOException {
    try (HeapAnalysis before = HeapAnalysis.of(dump(10, 2)); HeapAnalysis after = HeapAnalysis.of(dump(7, 5))) {
      HeapDiff bySize = HeapDiff.compare(before.liveBySizeClass(), after.liveBySizeClass());
      assertEquals(List.of(
              new HeapDiff.Row("size 64", 2, 128, 5, 320),
              new HeapDiff.Row("size 16", 10, 160, 7, 112)),
          bySize.rows());
      assertEquals(192, bySize.rows().get(0).bytesDelta());
      assertEquals(-3, bySize.rows().get(1).countDelta());
      HeapDiff byType = HeapDiff.compare(before.liveByType(), after.liveByType());
      assertEquals(new HeapDiff.Row("size 64, ptrs at 0", 2, 128, 5, 320), byType.rows().get(0));
      HeapDiff garbage = HeapDiff.compare(before.garbageByType(), after.garbageByType());
      assertEquals(List.of(new HeapDiff.Row("size 32, no ptrs", 1, 32, 1, 32)), garbage.rows());
      assertEquals(List.of(), garbage.changed());
      assertEquals(List.of(), HeapDiff.compare(before.liveBySite(), before.liveBySite()).changed());
      assertEquals(new HeapDiff.Row(Histogram.NO_SITE, 12, 288, 12, 432),
          HeapDiff.compare(before.liveBySite(), after.liveBySite()).row(Histogram.NO_SITE));
    }
  }
}
