package io.heapdump.analyzer;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.heapdump.codec.DumpFormatException;
import io.heapdump.reader.DumpReader;
import io.heapdump.testkit.RealDumps;
import io.heapdump.testkit.RealDumps.RealDump;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Damaged dumps fail with a DumpFormatException, never with a bare runtime exception. */
class DamagedDumpTest {
  @TempDir
  Path dir;

  static Stream<RealDump> dumps() {
    return RealDumps.stream().filter(d -> d.program().startsWith("linkedlist"));
  }

  @ParameterizedTest
  @MethodSource("dumps")
  void truncatedDumpsAreRejected(RealDump dump) throws IOException {
    byte[] bytes = dump.readBytes();
    for (int cut : new int[] {10, bytes.length / 3, bytes.length / 2, bytes.length - 1}) {
      Path file = dir.resolve("cut" + cut + ".dump");
      Files.write(file, Arrays.copyOf(bytes, cut));
      assertThrows(DumpFormatException.class, () -> HeapGraph.load(file).close(), "cut at " + cut);
    }
  }

  @ParameterizedTest
  @MethodSource("dumps")
  void anUnknownTagIsRejected(RealDump dump) throws IOException {
    long middle;
    try (DumpReader reader = DumpReader.open(dump.dump())) {
      long records = 0;
      while (reader.next() != null) {
        records++;
      }
      middle = records / 2;
    }
    long offset = -1;
    try (DumpReader reader = DumpReader.open(dump.dump())) {
      for (long i = 0; i <= middle; i++) {
        reader.next();
        offset = reader.recordStart();
      }
    }
    byte[] corrupted = dump.readBytes();
    corrupted[(int) offset] = 99; // no record has tag 99
    Path file = dir.resolve("corrupted.dump");
    Files.write(file, corrupted);
    assertThrows(DumpFormatException.class, () -> HeapGraph.load(file).close());
  }
}
