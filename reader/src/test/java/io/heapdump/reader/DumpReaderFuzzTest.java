package io.heapdump.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.heapdump.codec.DumpDecoder;
import io.heapdump.codec.DumpFormatException;
import io.heapdump.codec.DumpRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the decoder and the reader (see README.md for a long run). Under
 * {@code mvn test} it replays the seeds in {@code DumpReaderFuzzTestInputs/}: pieces of real
 * dumps (the start, a goroutine with its frames, the tail) and any findings added there.
 *
 * <p>Properties: nothing but the codec's DumpFormatException escapes; the codec over an array,
 * the reader over a stream and the lenient reader agree on the records; the object index accepts
 * exactly what a strict read accepts.
 */
class DumpReaderFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void onlyDumpFormatExceptionAndAllPathsAgree(byte[] input) throws IOException {
    List<DumpRecord> decoded = new ArrayList<>();
    DumpFormatException decodeError = null;
    try {
      DumpDecoder decoder = DumpDecoder.of(input);
      for (DumpRecord r = decoder.next(); r != null; r = decoder.next()) {
        decoded.add(r);
      }
    } catch (DumpFormatException e) {
      decodeError = e;
    }

    List<DumpRecord> streamed = new ArrayList<>();
    DumpFormatException streamError = null;
    try (DumpReader reader = DumpReader.open(new ByteArrayInputStream(input))) {
      for (DumpRecord r = reader.next(); r != null; r = reader.next()) {
        streamed.add(r);
      }
    } catch (DumpFormatException e) {
      streamError = e;
    }
    assertEquals(decoded, streamed);
    assertEquals(decodeError == null, streamError == null);
    if (decodeError != null) {
      assertEquals(decodeError.recordIndex(), streamError.recordIndex());
      assertEquals(decodeError.tag(), streamError.tag());
    }

    boolean opened = false;
    ReadOptions lenient = ReadOptions.defaults().lenient(true).skipContents(input.length % 2 == 0);
    try (DumpReader reader = DumpReader.open(new ByteArrayInputStream(input), lenient)) {
      opened = true;
      ObjectIndex index = ObjectIndex.build(reader);
      assertTrue(index.size() >= 0);
      assertEquals(streamError == null, reader.truncation().isEmpty());
      reader.truncation().ifPresent(t -> assertEquals(decoded.size(), t.recordIndex()));
    } catch (DumpFormatException e) {
      // Headers fail even leniently; so do overlapping objects, which only the index checks.
      assertTrue(!opened || e.getMessage().contains("overlaps"), e.getMessage());
    }
  }
}
