package io.heapdump.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapdump.codec.DumpFormatException;
import io.heapdump.codec.DumpParams;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.DumpVersion;
import io.heapdump.codec.Eof;
import io.heapdump.codec.FieldList;
import io.heapdump.codec.Memory;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.Params;
import io.heapdump.codec.Records;
import io.heapdump.codec.WordFormat;
import io.heapdump.testkit.Facts;
import io.heapdump.testkit.RealDumps.RealDump;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ObjectIndexTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @MethodSource("io.heapdump.testkit.RealDumps#stream")
  void findsEveryObjectByStartAndInteriorAddressAndDecodesIt(RealDump dump) throws IOException {
    List<ObjectRecord> objects = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    try (DumpReader r = DumpReader.open(dump.dump())) {
      for (DumpRecord rec = r.next(); rec != null; rec = r.next()) {
        if (rec instanceof ObjectRecord o) {
          objects.add(o);
          offsets.add(r.recordStart());
        }
      }
    }
    try (ObjectIndex index = ObjectIndex.build(dump.dump())) {
      assertEquals(objects.size(), index.size());
      assertEquals(16L * objects.size(), index.memoryBytes()); // offsets fit 32 bits
      for (int i = 1; i < index.size(); i++) {
        assertTrue(Long.compareUnsigned(index.address(i - 1), index.address(i)) < 0);
      }
      for (int k = 0; k < objects.size(); k++) {
        ObjectRecord o = objects.get(k);
        int i = index.indexOf(o.address());
        assertTrue(i >= 0, "object 0x" + Long.toHexString(o.address()));
        assertEquals(o.address(), index.address(i));
        assertEquals(o.contents().length(), index.length(i));
        assertEquals(offsets.get(k), index.recordOffset(i));
        assertEquals(i, index.indexOf(o.address() + o.contents().length() - 1));
        assertEquals(i, index.indexOf(o.address() + o.contents().length() / 2));
        int after = index.indexOf(o.address() + o.contents().length());
        assertTrue(after == -1 || index.address(after) == o.address() + o.contents().length());
        if (k % 7 == 0) {
          assertEquals(o, index.record(i));
          assertEquals(o.contents(), index.contents(i));
        }
      }
      assertEquals(-1, index.indexOf(0));
      assertEquals(-1, index.indexOf(-1));
      if (index.size() > 0) {
        assertEquals(-1, index.indexOf(index.address(0) - 1));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("io.heapdump.testkit.RealDumps#stream")
  void knownObjectsFromFactsHoldTheirFieldValues(RealDump dump) throws IOException {
    Facts facts = dump.loadFacts();
    DumpParams params;
    try (DumpReader r = DumpReader.open(dump.dump())) {
      r.next();
      params = r.params();
    }
    try (ObjectIndex index = ObjectIndex.build(dump.dump())) {
      WordFormat format = index.wordFormat();
      assertEquals(facts.pointerSize(), format.pointerSize());
      int checked = 0;
      for (Facts.KnownObject known : facts.knownObjects()) {
        if (Long.compareUnsigned(known.address(), params.heapStart()) < 0
            || Long.compareUnsigned(known.address(), params.heapEnd()) >= 0) {
          continue; // a global, not a heap object
        }
        int i = index.indexOf(known.address());
        assertTrue(i >= 0, known.path() + " at 0x" + Long.toHexString(known.address()));
        Memory contents = index.contents(i);
        int base = (int) (known.address() - index.address(i));
        for (long offset : known.fieldsByOffset().keySet()) {
          // Facts give no widths: a field at an offset that is not word-aligned is as wide as
          // the offset's alignment (hmap.B at ptrSize+1 is a byte).
          int width = (int) Math.min(format.pointerSize(), Long.lowestOneBit(offset | 8));
          long mask = width == 8 ? -1L : (1L << (8 * width)) - 1;
          long value = contents.wordAt(base + (int) offset, width, format.byteOrder());
          assertEquals(known.fieldValue(offset) & mask, value, known.path() + "+" + offset);
          checked++;
        }
      }
      assertTrue(checked > 0 || facts.knownObjects().isEmpty());
    }
  }

  @ParameterizedTest
  @MethodSource("io.heapdump.testkit.RealDumps#stream")
  void randomAddressesAgreeWithALinearScan(RealDump dump) throws IOException {
    try (ObjectIndex index = ObjectIndex.build(dump.dump())) {
      Random random = new Random(dump.program().hashCode());
      long low = index.address(0) - 64;
      long span = index.address(index.size() - 1) + index.length(index.size() - 1) + 64 - low;
      for (int k = 0; k < 2000; k++) {
        long address = low + (long) (random.nextDouble() * span);
        int expected = -1;
        for (int i = 0; i < index.size(); i++) {
          if (address >= index.address(i) && address < index.address(i) + index.length(i)) {
            expected = i;
          }
        }
        assertEquals(expected, index.indexOf(address), "0x" + Long.toHexString(address));
      }
    }
  }

  @Test
  void unsortedDumpsAreSortedWithTheirOffsets() throws IOException {
    // Objects in shuffled order, some above 2^63 (unsigned order), 16 bytes apart.
    List<DumpRecord> objects = new ArrayList<>();
    for (long a = 0; a < 3000; a++) {
      long address = (a < 1500 ? 0x1000 : 0x8000_0000_0000_0000L) + 16 * a;
      objects.add(new ObjectRecord(address, Memory.wrap(longBytes(a)), FieldList.EMPTY));
    }
    Collections.shuffle(objects, new Random(7));
    Path file = write(objects);
    try (ObjectIndex index = ObjectIndex.build(file);
        DumpReader reader = DumpReader.open(file)) {
      assertEquals(3000, index.size());
      for (int i = 0; i < 3000; i++) {
        long expected = (i < 1500 ? 0x1000 : 0x8000_0000_0000_0000L) + 16L * i;
        assertEquals(expected, index.address(i));
        assertEquals(i, index.indexOf(expected + 15));
        ObjectRecord o = (ObjectRecord) index.record(i);
        assertEquals(expected, o.address());
        assertArrayEquals(longBytes(i), o.contents().toByteArray());
      }
      assertEquals(-1, index.indexOf(0x1000 + 16 * 1500));
      // Built from a reader over the same file: the same index.
      try (ObjectIndex again = ObjectIndex.build(reader)) {
        for (int i = 0; i < 3000; i++) {
          assertEquals(index.recordOffset(i), again.recordOffset(i));
        }
        assertEquals(index.record(5), again.record(5));
      }
    }
  }

  @Test
  void shuffledSpansOfAdjacentObjectsAreSortedWithTheirOffsets() throws IOException {
    // 200 "spans" of 40 adjacent 32-byte objects in shuffled order, with a few objects missing
    // (freed slots) so that runs break inside spans too.
    List<List<DumpRecord>> spans = new ArrayList<>();
    List<Long> expected = new ArrayList<>();
    for (int s = 0; s < 200; s++) {
      List<DumpRecord> span = new ArrayList<>();
      for (int k = 0; k < 40; k++) {
        long address = 0xc000000000L + s * 8192L + k * 32L;
        if ((s * 40 + k) % 97 != 0) {
          span.add(new ObjectRecord(
              address, Memory.wrap(Arrays.copyOf(longBytes(address), 32)), FieldList.EMPTY));
          expected.add(address);
        }
      }
      spans.add(span);
    }
    Collections.shuffle(spans, new Random(3));
    List<DumpRecord> objects = new ArrayList<>();
    spans.forEach(objects::addAll);
    Path file = write(objects);
    try (ObjectIndex index = ObjectIndex.build(file)) {
      assertEquals(expected.size(), index.size());
      for (int i = 0; i < index.size(); i++) {
        assertEquals(expected.get(i), index.address(i));
        assertEquals(i, index.indexOf(expected.get(i) + 31));
        assertArrayEquals(Arrays.copyOf(longBytes(expected.get(i)), 32),
            index.contents(i).toByteArray());
      }
    }
  }

  @Test
  void overlappingObjectsAreRejected() throws IOException {
    Path file = write(List.of(
        new ObjectRecord(0x1000, Memory.wrap(new byte[32]), FieldList.EMPTY),
        new ObjectRecord(0x1010, Memory.wrap(new byte[16]), FieldList.EMPTY)));
    DumpFormatException e = assertThrows(DumpFormatException.class, () -> ObjectIndex.build(file));
    assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
  }

  @Test
  void aStreamOrGzipIndexFindsObjectsButCannotDecodeThem() throws IOException {
    byte[] bytes = io.heapdump.testkit.RealDumps.all().get(0).readBytes();
    Path gz = tmp.resolve("d.dump.gz");
    Files.write(gz, ReadAll.gzip(bytes));
    try (ObjectIndex fromGzip = ObjectIndex.build(gz);
        DumpReader r = DumpReader.open(new ByteArrayInputStream(bytes));
        ObjectIndex fromStream = ObjectIndex.build(r)) {
      assertTrue(fromGzip.size() > 0);
      assertEquals(fromGzip.size(), fromStream.size());
      assertEquals(fromGzip.address(3), fromStream.address(3));
      assertThrows(IllegalStateException.class, () -> fromGzip.record(0));
    }
  }

  @Test
  void aLenientReaderIndexesTheCompleteObjectsOfACutDump() throws IOException {
    byte[] bytes = io.heapdump.testkit.RealDumps.all().get(0).readBytes();
    Path cut = tmp.resolve("cut.dump");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
    assertThrows(DumpFormatException.class, () -> ObjectIndex.build(cut));
    try (DumpReader r = DumpReader.open(cut, ReadOptions.defaults().lenient(true));
        ObjectIndex index = ObjectIndex.build(r)) {
      assertTrue(index.size() > 0);
      assertTrue(r.truncation().isPresent());
      assertTrue(index.recordOffset(index.size() - 1) < bytes.length / 2);
      assertEquals(index.address(0), ((ObjectRecord) index.record(0)).address());
    }
  }

  @Test
  void radixOrderMatchesAnUnsignedSort() {
    Random random = new Random(11);
    for (int n : new int[] {0, 1, 2, 1000, 70_000}) {
      long[] keys = new long[n];
      for (int i = 0; i < n; i++) {
        keys[i] = i % 3 == 0 ? random.nextLong() : 0xc000000000L + random.nextInt(1 << 20) * 8L;
      }
      long[] original = keys.clone();
      int[] order = ObjectIndex.sortedOrder(keys);
      long[] expected = Arrays.stream(original).map(k -> k ^ Long.MIN_VALUE).sorted()
          .map(k -> k ^ Long.MIN_VALUE).toArray();
      assertArrayEquals(expected, keys);
      for (int i = 0; i < n; i++) {
        assertEquals(keys[i], original[order[i]]);
      }
    }
  }

  private Path write(List<DumpRecord> objects) throws IOException {
    List<DumpRecord> records = new ArrayList<>();
    records.add(new Params(false, 8, 0x1000, 0x9000_0000_0000_0000L, "amd64", "go1.19", 2));
    records.addAll(objects);
    records.add(new Eof());
    Path file = Files.createTempFile(tmp, "synthetic", ".dump");
    Files.write(file, Records.encodeDump(DumpVersion.GO1_7, records));
    return file;
  }

  private static byte[] longBytes(long v) {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
    return b;
  }
}
