package io.heapdump.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.heapdump.codec.DumpDecoder;
import io.heapdump.codec.DumpFormatException;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.Eof;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.OsThread;
import io.heapdump.codec.Records;
import io.heapdump.testkit.RealDumps;
import io.heapdump.testkit.RealDumps.RealDump;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** info, records and verify on real dumps, checked against what the codec decodes. */
class CodecCommandsTest {
  @TempDir Path temp;

  static List<RealDump> dumps() {
    return RealDumps.all();
  }

  @ParameterizedTest
  @MethodSource("dumps")
  void infoCountsWhatTheCodecDecodes(RealDump dump) throws IOException {
    List<DumpRecord> records = Records.decodeDump(dump.readBytes());
    Map<String, Long> expected = new HashMap<>();
    long objects = 0;
    long objectBytes = 0;
    for (DumpRecord r : records) {
      expected.merge(r.getClass().getSimpleName(), 1L, Long::sum);
      if (r instanceof ObjectRecord o) {
        objects++;
        objectBytes += o.contents().length();
      }
    }

    CliRun run = CliRun.of("info", "--json", dump.dump().toString());

    assertEquals(0, run.exitCode(), run::toString);
    JsonObject info = run.json();
    Map<String, Long> counted = new HashMap<>();
    info.getAsJsonObject("recordCounts").entrySet()
        .forEach(e -> counted.put(e.getKey(), e.getValue().getAsLong()));
    assertEquals(expected, counted);
    assertEquals(records.size(), info.get("records").getAsLong());
    assertEquals(objects, info.get("objects").getAsLong());
    assertEquals(objectBytes, info.get("objectBytes").getAsLong());
    assertEquals("go1.7", info.get("version").getAsString());
    assertEquals(dump.loadFacts().pointerSize(),
        info.getAsJsonObject("params").get("pointerSize").getAsInt());
    assertEquals(dump.loadFacts().numGc(), info.getAsJsonObject("memStats").get("numGC").getAsLong());
  }

  @ParameterizedTest
  @MethodSource("dumps")
  void verifyFindsRealDumpsIdentical(RealDump dump) throws IOException {
    CliRun run = CliRun.of("verify", "--json", dump.dump().toString());

    assertEquals(0, run.exitCode(), run::toString);
    JsonObject v = run.json();
    assertTrue(v.get("identical").getAsBoolean());
    assertEquals(Files.size(dump.dump()), v.get("bytes").getAsLong());
    assertEquals(Files.size(dump.dump()), v.get("reencodedBytes").getAsLong());
    assertEquals(0, v.get("nonMinimalVarints").getAsLong());
    assertTrue(v.get("firstDifference").isJsonNull());
  }

  @Test
  void verifyReportsANonMinimalVarint() throws IOException {
    byte[] real = dumps().get(0).readBytes();
    // The real dump without its EOF byte, then an OS thread whose id 2 is written as 82 00, then EOF.
    byte[] thread = Records.encode(new OsThread(0x1000, 2, 3), io.heapdump.codec.DumpVersion.GO1_7);
    assertEquals("09 80 20 02 03", hex(thread));
    byte[] patched = concat(Arrays.copyOf(real, real.length - 1),
        new byte[] {0x09, (byte) 0x80, 0x20, (byte) 0x82, 0x00, 0x03, 0x00});
    long idOffset = real.length - 1 + 3;
    Path file = write("patched.dump", patched);

    CliRun run = CliRun.of("verify", "--json", file.toString());

    assertEquals(1, run.exitCode(), run::toString);
    JsonObject v = run.json();
    assertFalse(v.get("identical").getAsBoolean());
    assertEquals(idOffset, v.get("firstDifference").getAsLong());
    assertEquals(1, v.get("nonMinimalVarints").getAsLong());
    assertEquals(idOffset, v.get("firstNonMinimalVarint").getAsLong());
    assertEquals("OsThread", v.getAsJsonObject("differingRecord").get("record").getAsString());
    assertEquals(real.length - 1, v.getAsJsonObject("differingRecord").get("offset").getAsLong());
    assertEquals(patched.length - 1, v.get("reencodedBytes").getAsLong());

    CliRun human = CliRun.of("verify", file.toString());
    assertEquals(1, human.exitCode());
    assertTrue(human.out().contains("differs at byte offset " + idOffset), human::toString);
  }

  @Test
  void truncatedDumpExits3WithTheOffset() throws IOException {
    byte[] real = dumps().get(0).readBytes();
    byte[] cut = Arrays.copyOf(real, real.length / 2);
    DumpFormatException expected = decodeError(cut);
    assertTrue(expected.truncated());
    Path file = write("cut.dump", cut);

    for (String command : List.of("info", "verify", "records")) {
      CliRun run = CliRun.of(command, file.toString());

      assertEquals(3, run.exitCode(), run::toString);
      assertTrue(run.err().startsWith("heapdump: " + file + ": at byte offset " + expected.offset()
          + ", record #" + expected.recordIndex()), run::toString);
      assertFalse(run.err().contains("\tat "), "no stack trace");
    }
  }

  @Test
  void gzipDumpsAreReadAndVerified() throws IOException {
    RealDump dump = dumps().get(0);
    Path gz = temp.resolve("dump.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(dump.readBytes());
    }

    CliRun plain = CliRun.of("info", "--json", dump.dump().toString());
    CliRun compressed = CliRun.of("info", "--json", gz.toString());
    CliRun verify = CliRun.of("verify", gz.toString());

    assertEquals(0, compressed.exitCode(), compressed::toString);
    assertEquals(plain.json().get("recordCounts"), compressed.json().get("recordCounts"));
    assertEquals(0, verify.exitCode(), verify::toString);
    assertTrue(verify.out().contains("identical"), verify::toString);
  }

  @Test
  void notADumpExits3() throws IOException {
    Path file = write("text.dump", "hello, this is not a heap dump\n".getBytes());

    CliRun run = CliRun.of("info", file.toString());

    assertEquals(3, run.exitCode(), run::toString);
    assertTrue(run.err().contains("not a Go heap dump"), run::toString);
  }

  @Test
  void missingFileExits4() {
    CliRun run = CliRun.of("info", temp.resolve("absent.dump").toString());

    assertEquals(4, run.exitCode(), run::toString);
    assertTrue(run.err().endsWith("absent.dump: no such file or directory\n"), run::toString);
  }

  @Test
  void recordsPrintsEveryRecordAsJsonLines() throws IOException {
    RealDump dump = dumps().get(0);
    List<DumpRecord> records = Records.decodeDump(dump.readBytes());

    CliRun run = CliRun.of("records", "--json", dump.dump().toString());

    assertEquals(0, run.exitCode(), run::toString);
    List<JsonElement> lines = run.jsonLines();
    assertEquals(records.size(), lines.size());
    long offset = 16;
    for (int i = 0; i < records.size(); i++) {
      JsonObject line = lines.get(i).getAsJsonObject();
      DumpRecord r = records.get(i);
      assertEquals(r.getClass().getSimpleName(), line.get("record").getAsString());
      assertEquals(r.tag(), line.get("tag").getAsInt());
      assertEquals(offset, line.get("offset").getAsLong());
      offset += Records.encode(r, io.heapdump.codec.DumpVersion.GO1_7).length;
      if (r instanceof ObjectRecord o) {
        assertEquals(o.address(), line.get("address").getAsLong());
        assertEquals(o.contents().length(), line.getAsJsonObject("contents").get("length").getAsInt());
        assertEquals(o.fields().size(), line.getAsJsonArray("fields").size());
      }
    }
    assertTrue(records.get(records.size() - 1) instanceof Eof);
  }

  @Test
  void recordsBase64ContentsRoundTrip() throws IOException {
    RealDump dump = dumps().get(0);
    ObjectRecord first = Records.decodeDump(dump.readBytes()).stream()
        .filter(ObjectRecord.class::isInstance).map(ObjectRecord.class::cast).findFirst().orElseThrow();

    CliRun run = CliRun.of("records", "--json", "--contents=base64", "--only", "ObjectRecord",
        dump.dump().toString());

    assertEquals(0, run.exitCode(), run::toString);
    JsonObject line = run.jsonLines().get(0).getAsJsonObject();
    assertEquals(first.address(), line.get("address").getAsLong());
    assertEquals(hex(first.contents().toByteArray()), hex(java.util.Base64.getDecoder()
        .decode(line.getAsJsonObject("contents").get("base64").getAsString())));
  }

  private static DumpFormatException decodeError(byte[] dump) throws IOException {
    try {
      DumpDecoder decoder = DumpDecoder.of(dump);
      while (decoder.next() != null) {
        // read to the error
      }
    } catch (DumpFormatException e) {
      return e;
    }
    throw new AssertionError("the cut dump decoded without error");
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(temp.resolve(name), bytes);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xff));
    }
    return sb.toString();
  }
}
