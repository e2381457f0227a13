package io.heapdump.analyzer;

import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.DumpVersion;
import io.heapdump.codec.Eof;
import io.heapdump.codec.Memory;
import io.heapdump.codec.Records;
import io.heapdump.codec.WordFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small hand-made dumps for tests. */
final class TestDumps {
  private TestDumps() {}

  /** Writes a go1.7 dump of {@code records} (EOF appended) to a new file in {@code dir}. */
  static Path write(Path dir, List<DumpRecord> records) throws IOException {
    return write(dir, DumpVersion.GO1_7, records);
  }

  /** Writes a dump of {@code records} (EOF appended) to a new file in {@code dir}. */
  static Path write(Path dir, DumpVersion version, List<DumpRecord> records) throws IOException {
    List<DumpRecord> all = new ArrayList<>(records);
    all.add(new Eof());
    Path file = Files.createTempFile(dir, "test", ".dump");
    Files.write(file, Records.encodeDump(version, all));
    return file;
  }

  /** Memory of {@code size} bytes starting with {@code words} in the given format. */
  static Memory words(WordFormat format, int size, long... words) {
    ByteBuffer b = ByteBuffer.allocate(size).order(format.byteOrder());
    for (int i = 0; i < words.length; i++) {
      if (format.pointerSize() == 8) {
        b.putLong(i * 8, words[i]);
      } else {
        b.putInt(i * 4, (int) words[i]);
      }
    }
    return Memory.wrap(b.array());
  }
}
