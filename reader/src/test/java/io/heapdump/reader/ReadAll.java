package io.heapdump.reader;

import io.heapdump.codec.DumpRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Test helpers: a dump read to the end, with where each record starts and ends. */
record ReadAll(List<DumpRecord> records, long[] starts, long[] ends) {

  /** Reads every remaining record of {@code reader}. */
  static ReadAll of(DumpReader reader) throws IOException {
    List<DumpRecord> records = new ArrayList<>();
    List<long[]> spans = new ArrayList<>();
    for (DumpRecord r = reader.next(); r != null; r = reader.next()) {
      records.add(r);
      spans.add(new long[] {reader.recordStart(), reader.position()});
    }
    long[] starts = spans.stream().mapToLong(s -> s[0]).toArray();
    long[] ends = spans.stream().mapToLong(s -> s[1]).toArray();
    return new ReadAll(records, starts, ends);
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }
}
