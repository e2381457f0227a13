package io.heapdump.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapdump.codec.DumpFormatException;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.DumpVersion;
import io.heapdump.testkit.RealDumps.RealDump;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged dumps (random byte flips with fixed seeds, hostile lengths) end in the codec's
 * DumpFormatException with a location, never another exception, a huge allocation or a hang.
 */
class CorruptionTest {
  private static final int MUTANTS_PER_DUMP = 60;

  @TempDir Path tmp;

  @ParameterizedTest
  @MethodSource("io.heapdump.testkit.RealDumps#stream")
  void randomFlipsEndInDumpFormatExceptionOrAValidRead(RealDump dump) throws IOException {
    byte[] original = dump.readBytes();
    Random random = new Random(31L * dump.program().hashCode());
    Path file = tmp.resolve("mutant.dump");
    for (int m = 0; m < MUTANTS_PER_DUMP; m++) {
      byte[] bytes = original.clone();
      int flips = 1 + random.nextInt(8);
      // Half the mutants are damaged in the first 4 KiB, where params, itabs and types live.
      int range = m % 2 == 0 ? Math.min(4096, bytes.length) : bytes.length;
      for (int f = 0; f < flips; f++) {
        int at = DumpVersion.HEADER_LENGTH + random.nextInt(range - DumpVersion.HEADER_LENGTH);
        bytes[at] ^= (byte) (1 << random.nextInt(8));
      }
      Files.write(file, bytes);
      boolean skip = m % 3 == 0;
      readExpectingOnlyDumpFormatException(
          () -> DumpReader.open(new ByteArrayInputStream(bytes), options(skip)), "stream", m);
      readExpectingOnlyDumpFormatException(() -> DumpReader.open(file, options(skip)), "file", m);
      try (ObjectIndex index = ObjectIndex.build(file)) {
        assertTrue(index.size() >= 0);
      } catch (DumpFormatException expected) {
        checkLocated(expected, bytes.length);
      }
    }
  }

  private static ReadOptions options(boolean skip) {
    return ReadOptions.defaults().skipContents(skip);
  }

  interface Opener {
    DumpReader open() throws IOException;
  }

  private static void readExpectingOnlyDumpFormatException(Opener opener, String what, int m)
      throws IOException {
    try (DumpReader r = opener.open()) {
      long records = 0;
      for (DumpRecord rec = r.next(); rec != null; rec = r.next()) {
        records++;
      }
      assertTrue(records > 0, what + " mutant " + m);
    } catch (DumpFormatException expected) {
      checkLocated(expected, Long.MAX_VALUE);
    }
  }

  private static void checkLocated(DumpFormatException e, long size) {
    assertTrue(e.offset() >= 0 && e.offset() <= size, e.getMessage());
    assertTrue(e.getMessage().startsWith("at byte offset "), e.getMessage());
  }

  @Test
  void hugeLengthsInAStreamOfUnknownSizeFailWithoutAllocating() throws IOException {
    // A params record whose GOARCH string claims 2^40 bytes, then ones claiming just under 2 GiB and 1 GiB,
    // read from a stream that cannot say how long it is.
    for (long claimed : new long[] {1L << 40, (1L << 31) - 32, 1L << 30}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(DumpVersion.GO1_7.headerBytes());
      out.write(new byte[] {6, 0, 8, 1, 2}); // tag, little-endian, ptr 8, heap 1..2
      writeUvarint(out, claimed);
      out.write(new byte[1000]);
      byte[] bytes = out.toByteArray();
      InputStream unknownLength = new InputStream() {
        final ByteArrayInputStream in = new ByteArrayInputStream(bytes);

        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, Math.min(len, 100)); // dribbles
        }
      };
      DumpFormatException e = assertThrows(DumpFormatException.class, () -> {
        try (DumpReader r = DumpReader.open(unknownLength)) {
          r.next();
        }
      });
      // Over 2 GiB is refused outright; below, the stream runs out long before the string ends.
      assertEquals(claimed < 1L << 31, e.truncated(), e.getMessage());
      assertEquals(0, e.recordIndex());
      assertEquals(6, e.tag());
    }
  }

  @Test
  void unknownTagsAndBadHeadersAreLocated() throws IOException {
    byte[] dump = io.heapdump.testkit.RealDumps.all().get(0).readBytes();
    for (byte[] bytes : List.of(
        "not a heap dump at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        new byte[0],
        withByte(dump, DumpVersion.HEADER_LENGTH, 99))) {
      DumpFormatException e = assertThrows(DumpFormatException.class, () -> {
        try (DumpReader r = DumpReader.open(new ByteArrayInputStream(bytes))) {
          while (r.next() != null) {
            // read on
          }
        }
      });
      checkLocated(e, bytes.length);
    }
  }

  private static byte[] withByte(byte[] bytes, int at, int value) {
    byte[] copy = bytes.clone();
    copy[at] = (byte) value;
    return copy;
  }

  private static void writeUvarint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
