package io.heapdump.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** uvarint, bool, string and memory primitives: boundaries, Go's overflow rule, limits. */
class PrimitivesTest {

  /** Reads a uvarint from {@code bytes} followed by {@code padding} zero bytes (0: slow path). */
  private static DumpInput input(byte[] bytes, int padding) {
    byte[] all = Arrays.copyOf(bytes, bytes.length + padding);
    return new DumpInput(DumpVersion.GO1_7, ByteBuffer.wrap(all), 0, null);
  }

  private static byte[] encodeUvarint(long value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DumpOutput out = new DumpOutput(bytes, DumpVersion.GO1_7);
    out.uvarint(value);
    out.flush();
    return bytes.toByteArray();
  }

  @Test
  void uvarintLengthsAtEveryBoundary() throws IOException {
    for (int k = 1; k <= 9; k++) {
      long lastOfLength = (1L << (7 * k)) - 1;
      assertEquals(k, encodeUvarint(lastOfLength).length, "2^" + 7 * k + "-1");
      assertEquals(k + 1, encodeUvarint(lastOfLength + 1).length, "2^" + 7 * k);
    }
    assertEquals(1, encodeUvarint(0).length);
    assertEquals(9, encodeUvarint(Long.MAX_VALUE >>> 1).length); // 2^62-1
    assertEquals(9, encodeUvarint((1L << 63) - 1).length);
    assertEquals(10, encodeUvarint(Long.MIN_VALUE).length); // 2^63
    assertArrayEquals(
        new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, 1}, encodeUvarint(-1)); // 2^64-1
    assertArrayEquals(new byte[] {(byte) 0x80, 0x01}, encodeUvarint(128));
    assertArrayEquals(new byte[] {(byte) 0xac, 0x02}, encodeUvarint(300));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 20}) // 0: near the end of the input (slow path); 20: fast path
  void uvarintsDecodeAtEveryBoundary(int padding) throws IOException {
    long[] values = {0, 1, 127, 128, 16383, 16384, (1L << 21) - 1, 1L << 21, (1L << 56) - 1,
        1L << 56, (1L << 63) - 1, Long.MIN_VALUE, -2, -1};
    for (long v : values) {
      byte[] bytes = encodeUvarint(v);
      DumpInput in = input(bytes, padding);
      assertEquals(v, in.uvarint(0), () -> Long.toUnsignedString(v));
      assertEquals(bytes.length, in.position());
      assertEquals(0, in.nonMinimalVarints());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 20})
  void tenthByteAboveOneOverflows(int padding) {
    byte[] bytes = {-1, -1, -1, -1, -1, -1, -1, -1, -1, 2};
    DumpFormatException e =
        assertThrows(DumpFormatException.class, () -> input(bytes, padding).uvarint(0));
    assertTrue(e.reason().contains("overflows"), e.getMessage());
    assertEquals(0, e.offset());
    assertFalse(e.truncated());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 20})
  void elevenByteUvarintIsRejected(int padding) {
    byte[] bytes = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
        (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0};
    DumpFormatException e =
        assertThrows(DumpFormatException.class, () -> input(bytes, padding).uvarint(0));
    assertTrue(e.reason().contains("longer than 10 bytes"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 20})
  void tenthByteOfOneIsTheTopBit(int padding) throws IOException {
    byte[] bytes = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
        (byte) 0x80, (byte) 0x80, (byte) 0x80, 1};
    assertEquals(Long.MIN_VALUE, input(bytes, padding).uvarint(0));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 20})
  void nonMinimalUvarintsAreReadAndCounted(int padding) throws IOException {
    // 5, then 0 as 80 00, then 1 as 81 80 80 00.
    byte[] bytes = {5, (byte) 0x80, 0, (byte) 0x81, (byte) 0x80, (byte) 0x80, 0};
    DumpInput in = input(bytes, padding);
    assertEquals(5, in.uvarint(0));
    assertEquals(0, in.nonMinimalVarints());
    assertEquals(0, in.uvarint(0));
    assertEquals(1, in.uvarint(0));
    assertEquals(2, in.nonMinimalVarints());
    assertEquals(1, in.firstNonMinimalOffset());
  }

  @Test
  void nonMinimalUvarintsInADumpDoNotReEncodeIdentically() throws IOException {
    byte[] canonical = WireBytes.dump(DumpVersion.GO1_7).raw(WireBytes.params17().toByteArray())
        .uvarint(9).uvarint(0xc000010000L).uvarint(7).uvarint(1234).uvarint(0).toByteArray();
    // The same dump with the os thread's id 7 written as 87 80 00.
    byte[] padded = WireBytes.dump(DumpVersion.GO1_7).raw(WireBytes.params17().toByteArray())
        .uvarint(9).uvarint(0xc000010000L).bytes(0x87, 0x80, 0x00).uvarint(1234).uvarint(0)
        .toByteArray();
    DumpDecoder decoder = DumpDecoder.of(padded);
    decoder.next();
    long threadStart = decoder.position();
    assertEquals(new OsThread(0xc000010000L, 7, 1234), decoder.next());
    assertEquals(new Eof(), decoder.next());
    assertEquals(1, decoder.nonMinimalVarints());
    assertEquals(threadStart + 1 + 6, decoder.firstNonMinimalVarintOffset()); // tag, 6-byte address

    List<DumpRecord> records = Records.decodeDump(padded);
    assertEquals(Records.decodeDump(canonical), records);
    byte[] reEncoded = Records.encodeDump(DumpVersion.GO1_7, records);
    assertArrayEquals(canonical, reEncoded);
    assertFalse(Arrays.equals(padded, reEncoded));
    assertEquals(0, DumpDecoder.of(canonical).nonMinimalVarints());
  }

  @Test
  void boolsOtherThanZeroOrOneAreRejected() throws IOException {
    byte[] itab = WireBytes.record(8).uvarint(0x1000).uvarint(2).toByteArray();
    DumpFormatException e = assertThrows(
        DumpFormatException.class, () -> Records.decode(itab, DumpVersion.GO1_3));
    assertTrue(e.reason().contains("bool must be 0 or 1, found 2"), e.getMessage());
    assertEquals(3, e.offset());
    assertEquals(ItabGo13.TAG, e.tag());
    assertFalse(e.truncated());
    assertEquals(new ItabGo13(0x1000, true),
        Records.decode(WireBytes.record(8).uvarint(0x1000).uvarint(1).toByteArray(),
            DumpVersion.GO1_3));
  }

  @Test
  void hugeStringLengthFailsBeforeAllocating() {
    // An other-root record whose description claims 2^40 bytes in a 30-byte input.
    byte[] dump = WireBytes.dump(DumpVersion.GO1_7).uvarint(2).uvarint(1L << 40)
        .bytes(new int[30 - 16 - 7]).toByteArray();
    assertEquals(30, dump.length);
    DumpFormatException e = assertThrows(DumpFormatException.class, () -> Records.decodeDump(dump));
    assertTrue(e.reason().contains("string length 1099511627776 exceeds the"), e.getMessage());
    assertEquals(17, e.offset());
    assertEquals(OtherRoot.TAG, e.tag());
    assertEquals(0, e.recordIndex());
    assertTrue(e.truncated());
  }

  @Test
  void hugeMemoryLengthAndCountFailBeforeAllocating() {
    byte[] object = WireBytes.record(1).uvarint(0xc000000000L).uvarint(-1).bytes(1, 2, 3)
        .toByteArray();
    DumpFormatException e = assertThrows(
        DumpFormatException.class, () -> Records.decode(object, DumpVersion.GO1_7));
    assertTrue(e.reason().contains("memory length 18446744073709551615 exceeds"), e.getMessage());
    assertTrue(e.truncated());

    byte[] bucket = WireBytes.record(16).uvarint(0x1000).uvarint(64).uvarint(Integer.MAX_VALUE)
        .bytes(0, 0, 0).toByteArray();
    DumpFormatException count = assertThrows(
        DumpFormatException.class, () -> Records.decode(bucket, DumpVersion.GO1_7));
    assertTrue(count.reason().contains("count 2147483647 exceeds"), count.getMessage());
  }

  @Test
  void nonUtf8StringBytesRoundTripExactly() throws IOException {
    byte[] text = {
        'a', (byte) 0xff, // never valid
        (byte) 0xc3, 0x28, // lead byte then ASCII
        (byte) 0xe2, (byte) 0x82, // truncated 3-byte sequence
        (byte) 0xc0, (byte) 0xaf, // overlong '/'
        (byte) 0xed, (byte) 0xa0, (byte) 0x80, // UTF-16 surrogate in UTF-8
        (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, // above U+10FFFF
        (byte) 0xc3, (byte) 0xa9, // a valid é between
        (byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80, // a valid emoji
        (byte) 0x80}; // a lone continuation byte at the end
    byte[] record = WireBytes.record(2).uvarint(text.length).raw(text).uvarint(0x42).toByteArray();
    OtherRoot root = (OtherRoot) Records.decode(record, DumpVersion.GO1_7);
    assertEquals(0x42, root.pointer());
    assertTrue(root.description().contains("\u00e9\ud83d\ude00"), root.description());
    assertTrue(root.description().startsWith("a\udcff"), root.description());
    assertArrayEquals(record, Records.encode(root, DumpVersion.GO1_7));
  }

  @Test
  void loneSurrogatesThatAreNotEscapedBytesCannotBeEncoded() {
    DumpFormatException e = assertThrows(DumpFormatException.class,
        () -> Records.encode(new OtherRoot("x\ud800", 1), DumpVersion.GO1_7));
    assertTrue(e.reason().contains("lone surrogate U+D800"), e.getMessage());
    assertEquals(OtherRoot.TAG, e.tag());
  }

  @Test
  void memoryIsAViewWithWordsInEitherByteOrder() throws IOException {
    byte[] contents = {1, 2, 3, 4, 5, 6, 7, 8};
    byte[] record = WireBytes.record(1).uvarint(0x10).uvarint(8).raw(contents).uvarint(1)
        .uvarint(0).uvarint(0).toByteArray();
    ObjectRecord o = (ObjectRecord) Records.decode(record, DumpVersion.GO1_7);
    assertEquals(0x0807060504030201L, o.contents().pointerAt(0, WordFormat.LITTLE_ENDIAN_64));
    assertEquals(0x0102030405060708L,
        o.contents().pointerAt(0, new WordFormat(8, java.nio.ByteOrder.BIG_ENDIAN)));
    assertEquals(0x08070605L, o.contents().pointerAt(4, WordFormat.LITTLE_ENDIAN_32));
    assertEquals(FieldList.pointersAt(0), o.fields());
    assertArrayEquals(contents, o.contents().toByteArray());
  }
}
