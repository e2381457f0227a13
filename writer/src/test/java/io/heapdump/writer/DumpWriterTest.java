package io.heapdump.writer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.heapdump.codec.DumpFormatException;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.DumpVersion;
import io.heapdump.codec.Eof;
import io.heapdump.codec.Field;
import io.heapdump.codec.FieldKind;
import io.heapdump.codec.FieldList;
import io.heapdump.codec.Memory;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.ObjectRecordGo13;
import io.heapdump.codec.OtherRoot;
import io.heapdump.codec.Params;
import io.heapdump.codec.ParamsGo14;
import io.heapdump.codec.Records;
import io.heapdump.codec.StackFrame;
import io.heapdump.reader.DumpReader;
import io.heapdump.testkit.DumpGenerators;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DumpWriterTest {
  private static final Params PARAMS_64 = new Params(false, 8, 0x1000, 0x9000, "amd64", "go1.19", 4);

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(DumpVersion.class)
  void whatItWritesReadsBackIdenticallyInEveryVersion(DumpVersion version) {
    qt().withExamples(60).forAll(DumpGenerators.dumps(version)).checkAssert(records -> {
      try {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DumpWriter out = DumpWriter.to(bytes, version)) {
          records.forEach(r -> write(out, r));
        }
        assertArrayEquals(Records.encodeDump(version, records), bytes.toByteArray());
        assertEquals(records, readAll(DumpReader.open(new ByteArrayInputStream(bytes.toByteArray()))));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void aFileDumpReadsBackThroughTheMappedReader() throws IOException {
    Path target = dir.resolve("out.dump");
    List<DumpRecord> records = List.of(PARAMS_64,
        new ObjectRecord(0x1000, Memory.wrap(new byte[24]), FieldList.pointersAt(0, 16)),
        new OtherRoot("root", 0x1000));
    try (DumpWriter out = DumpWriter.create(target, DumpVersion.GO1_7)) {
      for (DumpRecord r : records) {
        out.write(r);
      }
    }
    List<DumpRecord> expected = new ArrayList<>(records);
    expected.add(new Eof());
    assertEquals(expected, readAll(DumpReader.open(target)));
    assertEquals(List.of(target), listDir());
  }

  @Test
  void closeWritesTheEofRecordOnce() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DumpWriter out = DumpWriter.to(bytes, DumpVersion.GO1_7);
    out.write(PARAMS_64);
    out.close();
    out.close();
    assertEquals(List.of(PARAMS_64, new Eof()), Records.decodeDump(bytes.toByteArray()));
  }

  @Test
  void refusesARecordAfterEof() throws IOException {
    DumpWriter out = DumpWriter.to(new ByteArrayOutputStream(), DumpVersion.GO1_7);
    out.write(PARAMS_64);
    out.write(new Eof());
    DumpFormatException e =
        assertThrows(DumpFormatException.class, () -> out.write(new OtherRoot("late", 1)));
    assertTrue(e.reason().contains("after the EOF record"), e.getMessage());
    assertEquals(OtherRoot.TAG, e.tag());
    assertEquals(2, e.recordIndex());
  }

  @Test
  void refusesMemoryBeforeParamsAndStaysUsable() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ObjectRecord object = new ObjectRecord(0x1000, Memory.wrap(new byte[8]), FieldList.pointersAt(0));
    try (DumpWriter out = DumpWriter.to(bytes, DumpVersion.GO1_7)) {
      DumpFormatException e = assertThrows(DumpFormatException.class, () -> out.write(object));
      assertTrue(e.reason().contains("before the params record"), e.getMessage());
      assertThrows(DumpFormatException.class, () -> out.write(
          new StackFrame(0, 0, 0, Memory.EMPTY, 0, 0, 0, "main.f", FieldList.EMPTY)));
      out.write(PARAMS_64);
      out.write(object);
    }
    assertEquals(List.of(PARAMS_64, object, new Eof()), Records.decodeDump(bytes.toByteArray()));
  }

  @Test
  void refusesASecondParamsRecord() throws IOException {
    DumpWriter out = DumpWriter.to(new ByteArrayOutputStream(), DumpVersion.GO1_7);
    out.write(PARAMS_64);
    assertThrows(DumpFormatException.class, () -> out.write(PARAMS_64));
  }

  @Test
  void refusesFieldsThatDoNotFitThePointerSize() throws IOException {
    DumpWriter out = DumpWriter.to(new ByteArrayOutputStream(), DumpVersion.GO1_7);
    out.write(PARAMS_64);
    Memory sixteen = Memory.wrap(new byte[16]);
    assertRefused(out, new ObjectRecord(1, sixteen, FieldList.pointersAt(16)), "past the end");
    assertRefused(out, new ObjectRecord(1, sixteen, FieldList.pointersAt(4)), "not a multiple");
    assertRefused(out, new ObjectRecord(1, sixteen, FieldList.pointersAt(8, 0)), "offsets must increase");
    assertRefused(out, new ObjectRecord(1, sixteen, FieldList.pointersAt(8, 8)), "offsets must increase");
    assertRefused(out, new ObjectRecord(1, sixteen, FieldList.of(new Field(FieldKind.EFACE, 8))),
        "past the end");
    assertRefused(out, new ObjectRecord(1, Memory.absent(16), FieldList.EMPTY), "skipContents");
    out.write(new ObjectRecord(1, sixteen, FieldList.of(new Field(FieldKind.EFACE, 0))));
  }

  @Test
  void refusesWhatTheVersionCannotHold() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ParamsGo14 params = new ParamsGo14(false, 4, 0, 0x100, '8', "", 1);
    try (DumpWriter out = DumpWriter.to(bytes, DumpVersion.GO1_5)) {
      assertThrows(DumpFormatException.class, () -> out.write(PARAMS_64));
      out.write(params);
      assertRefused(out, new ObjectRecordGo13(1, 2, 0, Memory.wrap(new byte[4])), "does not exist");
      assertRefused(out, new ObjectRecord(1, Memory.wrap(new byte[8]),
          FieldList.of(new Field(FieldKind.STRING, 0))), "only go1.3");
    }
    assertEquals(List.of(params, new Eof()), Records.decodeDump(bytes.toByteArray()));
  }

  @Test
  void anExceptionMidWriteLeavesNoFileAndTheOldFileIntact() throws IOException {
    Path target = dir.resolve("heap.dump");
    Files.writeString(target, "old contents");
    DumpWriter out = DumpWriter.create(target, DumpVersion.GO1_7);
    try {
      out.write(PARAMS_64);
      out.write(new ObjectRecord(0x1000, Memory.wrap(new byte[1 << 20]), FieldList.EMPTY));
      throw new IllegalStateException("the producer failed");
    } catch (IllegalStateException e) {
      out.abort();
    }
    assertEquals("old contents", Files.readString(target));
    assertEquals(List.of(target), listDir());
    assertThrows(IllegalStateException.class, () -> out.write(PARAMS_64));
  }

  @Test
  void writeCommitsOnlyWhenTheProducerReturnsNormally() throws IOException {
    Path target = dir.resolve("heap.dump");
    Files.writeString(target, "old contents");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> DumpWriter.write(target, DumpVersion.GO1_7, out -> {
          out.write(PARAMS_64);
          throw new IllegalStateException("the producer failed");
        }));
    assertEquals("the producer failed", e.getMessage());
    assertEquals("old contents", Files.readString(target));
    assertEquals(List.of(target), listDir());

    DumpWriter.write(target, DumpVersion.GO1_7, out -> out.write(PARAMS_64));
    assertEquals(List.of(PARAMS_64, new Eof()), Records.decodeDump(Files.readAllBytes(target)));
    assertEquals(List.of(target), listDir());
  }

  @Test
  void aFailingStreamFailsTheWriterAndCloseDiscardsTheDump() throws IOException {
    OutputStream failing = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("disk full");
      }
    };
    DumpWriter out = DumpWriter.to(failing, DumpVersion.GO1_7);
    out.write(PARAMS_64);
    // The encoder buffers 64 KiB: a larger object reaches the stream.
    assertThrows(IOException.class, () -> out.write(
        new ObjectRecord(0x1000, Memory.wrap(new byte[1 << 17]), FieldList.EMPTY)));
    assertThrows(IllegalStateException.class, () -> out.write(PARAMS_64));
    IOException e = assertThrows(IOException.class, out::close);
    assertTrue(e.getMessage().contains("an earlier write failed"), e.getMessage());
  }

  @Test
  void closeReplacesAnExistingFile() throws IOException {
    Path target = dir.resolve("heap.dump");
    Files.writeString(target, "old contents");
    try (DumpWriter out = DumpWriter.create(target, DumpVersion.GO1_7)) {
      out.write(PARAMS_64);
      assertEquals("old contents", Files.readString(target), "untouched until close");
    }
    assertEquals(List.of(PARAMS_64, new Eof()), Records.decodeDump(Files.readAllBytes(target)));
    assertEquals(List.of(target), listDir());
    assertFalse(Files.readString(target, StandardCharsets.ISO_8859_1).contains("old"));
  }

  @Test
  void abortOnAStreamLeavesADumpWithoutEof() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DumpWriter out = DumpWriter.to(bytes, DumpVersion.GO1_7);
    out.write(PARAMS_64);
    out.abort();
    out.close(); // no effect after abort
    DumpFormatException e = assertThrows(DumpFormatException.class,
        () -> Records.decodeDump(bytes.toByteArray()));
    assertTrue(e.truncated());
  }

  private static void assertRefused(DumpWriter out, DumpRecord record, String why) {
    long before = out.bytesWritten();
    DumpFormatException e = assertThrows(DumpFormatException.class, () -> out.write(record));
    assertTrue(e.getMessage().contains(why), e.getMessage());
    assertEquals(before, out.bytesWritten(), "nothing of a refused record is written");
  }

  private static void write(DumpWriter out, DumpRecord r) {
    try {
      out.write(r);
    } catch (IOException e) {
      throw new AssertionError(r + " was refused: " + e.getMessage(), e);
    }
  }

  private static List<DumpRecord> readAll(DumpReader reader) throws IOException {
    List<DumpRecord> out = new ArrayList<>();
    try (reader) {
      for (DumpRecord r = reader.next(); r != null; r = reader.next()) {
        out.add(r);
      }
    }
    return out;
  }

  private List<Path> listDir() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }
}
