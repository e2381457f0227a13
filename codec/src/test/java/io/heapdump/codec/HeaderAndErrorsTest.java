package io.heapdump.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The header, and where errors say they happened: offset, tag, record index, truncation. */
class HeaderAndErrorsTest {

  @Test
  void everyVersionIsReadFromItsHeader() throws IOException {
    for (DumpVersion v : DumpVersion.values()) {
      byte[] dump = WireBytes.dump(v).uvarint(0).toByteArray();
      DumpDecoder decoder = DumpDecoder.of(dump);
      assertEquals(v, decoder.version());
      assertEquals(new Eof(), decoder.next());
      assertNull(decoder.next());
      assertNull(decoder.next());
      assertEquals(v, DumpVersion.fromHeader(v.headerBytes()));
    }
  }

  @Test
  void unknownHeaderIsQuotedInTheMessage() {
    byte[] dump = WireBytes.dump(DumpVersion.GO1_7).uvarint(0).toByteArray();
    dump[4] = '8';
    DumpFormatException e = assertThrows(DumpFormatException.class, () -> DumpDecoder.of(dump));
    assertTrue(e.getMessage().contains("the header is \"go1.8 heap dump\\n\""), e.getMessage());
    assertEquals(0, e.offset());
    assertEquals(DumpFormatException.NO_TAG, e.tag());
    assertEquals(DumpFormatException.NO_RECORD, e.recordIndex());
    assertFalse(e.truncated());

    byte[] elf = new byte[64];
    elf[0] = 0x7f;
    elf[1] = 'E';
    elf[2] = 'L';
    elf[3] = 'F';
    DumpFormatException binary = assertThrows(DumpFormatException.class, () -> DumpDecoder.of(elf));
    assertTrue(binary.getMessage().contains("\"\\x7fELF\\x00"), binary.getMessage());
  }

  @Test
  void inputShorterThanTheHeader() {
    DumpFormatException empty =
        assertThrows(DumpFormatException.class, () -> DumpDecoder.of(new byte[0]));
    assertTrue(empty.truncated());
    assertEquals(0, empty.offset());
    assertTrue(empty.reason().contains("0 bytes long, shorter than its 16-byte header"),
        empty.getMessage());

    // A prefix of a real header is a truncated dump, not a foreign file.
    byte[] prefix = "go1.7 he".getBytes(StandardCharsets.US_ASCII);
    DumpFormatException cut = assertThrows(DumpFormatException.class, () -> DumpDecoder.of(prefix));
    assertTrue(cut.truncated(), cut.getMessage());
    assertEquals(8, cut.offset());

    // A short file that is no dump gets the header message.
    byte[] other = "hello".getBytes(StandardCharsets.US_ASCII);
    DumpFormatException foreign =
        assertThrows(DumpFormatException.class, () -> DumpDecoder.of(other));
    assertTrue(foreign.reason().contains("the header is \"hello\""), foreign.getMessage());
    assertFalse(foreign.truncated());
  }

  @Test
  void aBadFieldNamesItsOffsetTagAndRecordIndex() throws IOException {
    WireBytes b = WireBytes.dump(DumpVersion.GO1_7).raw(WireBytes.params17().toByteArray());
    int goroutineStart = b.size();
    b.uvarint(Goroutine.TAG).uvarint(0xc000001a00L).uvarint(0xc000050f00L).uvarint(6)
        .uvarint(0x45e321).uvarint(Goroutine.STATUS_WAITING);
    int systemBoolAt = b.size();
    b.uvarint(2); // "system" must be a bool
    b.bytes(new int[20]);
    byte[] dump = b.toByteArray();

    DumpDecoder decoder = DumpDecoder.of(dump);
    assertEquals(16, decoder.position());
    decoder.next();
    assertEquals(goroutineStart, decoder.position());
    DumpFormatException e = assertThrows(DumpFormatException.class, decoder::next);
    assertEquals(systemBoolAt, e.offset());
    assertEquals(goroutineStart + 19, systemBoolAt); // tag 1, two 6-byte addresses, 1, 4, 1
    assertEquals(Goroutine.TAG, e.tag());
    assertEquals(1, e.recordIndex());
    assertFalse(e.truncated());
    assertEquals(goroutineStart, decoder.recordStart());
    assertEquals("at byte offset " + systemBoolAt + ", record #1 (tag 4 goroutine): "
        + "a bool must be 0 or 1, found 2", e.getMessage());
  }

  @Test
  void unknownTagNamesItsOffsetAndRecordIndex() throws IOException {
    WireBytes b = WireBytes.dump(DumpVersion.GO1_7).raw(WireBytes.params17().toByteArray())
        .uvarint(0);
    byte[] eof = b.toByteArray();
    int tagAt = b.size() - 1;
    byte[] dump = Arrays.copyOf(eof, eof.length);
    dump[tagAt] = 42;
    DumpDecoder decoder = DumpDecoder.of(dump);
    decoder.next();
    DumpFormatException e = assertThrows(DumpFormatException.class, decoder::next);
    assertEquals(tagAt, e.offset());
    assertEquals(DumpFormatException.NO_TAG, e.tag());
    assertEquals(1, e.recordIndex());
    assertTrue(e.reason().startsWith("unknown record tag 42 for a GO1_7 dump"), e.getMessage());
  }

  @Test
  void aTruncatedRecordSaysSo() throws IOException {
    WireBytes b = WireBytes.dump(DumpVersion.GO1_7).raw(WireBytes.params17().toByteArray())
        .uvarint(ObjectRecord.TAG).uvarint(0xc000010000L);
    int lengthAt = b.size();
    byte[] whole = b.uvarint(16).raw(new byte[16]).uvarint(0).uvarint(0).toByteArray();
    assertEquals(3, Records.decodeDump(whole).size());

    // Cut inside the contents: the memory length is checked against what is left, up front.
    byte[] cutContents = Arrays.copyOf(whole, whole.length - 10);
    DumpDecoder decoder = DumpDecoder.of(cutContents);
    decoder.next();
    DumpFormatException e = assertThrows(DumpFormatException.class, decoder::next);
    assertTrue(e.truncated());
    assertEquals(ObjectRecord.TAG, e.tag());
    assertEquals(1, e.recordIndex());
    assertEquals(lengthAt, e.offset());
    assertTrue(e.reason().contains("memory length 16 exceeds the 8 bytes left"), e.getMessage());

    // Cut inside the address uvarint: the error is at the end of the input.
    byte[] cutVarint = Arrays.copyOf(whole, lengthAt - 3);
    DumpDecoder second = DumpDecoder.of(cutVarint);
    second.next();
    DumpFormatException inVarint = assertThrows(DumpFormatException.class, second::next);
    assertTrue(inVarint.truncated());
    assertEquals(ObjectRecord.TAG, inVarint.tag());
    assertEquals(cutVarint.length, inVarint.offset());
  }

  @Test
  void aDumpWithoutEofIsTruncated() throws IOException {
    byte[] dump = WireBytes.dump(DumpVersion.GO1_7).raw(WireBytes.params17().toByteArray())
        .toByteArray();
    DumpDecoder decoder = DumpDecoder.of(dump);
    assertEquals(WordFormat.LITTLE_ENDIAN_64, ((DumpParams) decoder.next()).wordFormat());
    assertEquals(WordFormat.LITTLE_ENDIAN_64, decoder.wordFormat());
    DumpFormatException e = assertThrows(DumpFormatException.class, decoder::next);
    assertTrue(e.truncated());
    assertEquals(dump.length, e.offset());
    assertEquals(1, e.recordIndex());
    assertEquals(DumpFormatException.NO_TAG, e.tag());
    assertTrue(e.reason().contains("ends after 1 records without an EOF record"), e.getMessage());
  }

  @Test
  void bytesAfterEofAreRejected() throws IOException {
    byte[] dump = WireBytes.dump(DumpVersion.GO1_5).uvarint(0).bytes(0).toByteArray();
    DumpDecoder decoder = DumpDecoder.of(dump);
    assertEquals(new Eof(), decoder.next());
    DumpFormatException e = assertThrows(DumpFormatException.class, decoder::next);
    assertEquals(17, e.offset());
    assertFalse(e.truncated());
    assertTrue(e.reason().contains("bytes follow the EOF record"), e.getMessage());
  }

  @Test
  void paramsWithAnImpossiblePointerSizeAreRejected() {
    byte[] dump = WireBytes.dump(DumpVersion.GO1_7).uvarint(6).uvarint(0).uvarint(16).uvarint(0)
        .uvarint(0).string("amd64").string("").uvarint(1).uvarint(0).toByteArray();
    DumpFormatException e = assertThrows(DumpFormatException.class, () -> Records.decodeDump(dump));
    assertTrue(e.reason().contains("pointer size 16 is not 4 or 8"), e.getMessage());
    assertEquals(16, e.offset());
    assertEquals(DumpParams.TAG, e.tag());
  }

  @Test
  void singleRecordDecodingRejectsTrailingBytesAndEmptyInput() {
    DumpFormatException trailing = assertThrows(DumpFormatException.class,
        () -> Records.decode(new byte[] {0, 0}, DumpVersion.GO1_7));
    assertTrue(trailing.reason().contains("1 bytes follow the record"), trailing.getMessage());
    assertEquals(1, trailing.offset());
    DumpFormatException empty = assertThrows(DumpFormatException.class,
        () -> Records.decode(new byte[0], DumpVersion.GO1_7));
    assertTrue(empty.truncated());
  }
}
