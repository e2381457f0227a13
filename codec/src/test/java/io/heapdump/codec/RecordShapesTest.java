package io.heapdump.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layout of each format version, checked on hand-built bytes: every field decodes to the
 * exact expected value, and the same bytes come back when encoding.
 */
class RecordShapesTest {

  private static DumpRecord decodeAndReEncode(WireBytes bytes, DumpVersion version)
      throws DumpFormatException {
    byte[] wire = bytes.toByteArray();
    DumpRecord record = Records.decode(wire, version);
    assertArrayEquals(wire, Records.encode(record, version), "re-encoding " + record);
    return record;
  }

  @Test
  void go13ObjectHasTypeAndKindAndNoFieldList() throws DumpFormatException {
    DumpRecord r = decodeAndReEncode(WireBytes.record(1).uvarint(0xc208000000L).uvarint(0x4a5b60)
        .uvarint(127).uvarint(4).bytes(9, 8, 7, 6), DumpVersion.GO1_3);
    assertEquals(new ObjectRecordGo13(0xc208000000L, 0x4a5b60, ObjectRecordGo13.KIND_CONSERVATIVE,
        Memory.wrap(new byte[] {9, 8, 7, 6})), r);
  }

  @Test
  void go13TypeCarriesAFieldListWithAllFiveKinds() throws DumpFormatException {
    DumpRecord r = decodeAndReEncode(WireBytes.record(3).uvarint(0x4a5b60).uvarint(72)
        .string("main.T").uvarint(1)
        .uvarint(1).uvarint(0).uvarint(2).uvarint(8).uvarint(3).uvarint(24).uvarint(4).uvarint(48)
        .uvarint(5).uvarint(64).uvarint(0), DumpVersion.GO1_3);
    FieldList fields = FieldList.of(Field.ptr(0), new Field(FieldKind.STRING, 8),
        new Field(FieldKind.SLICE, 24), new Field(FieldKind.IFACE, 48),
        new Field(FieldKind.EFACE, 64));
    assertEquals(new TypeRecordGo13(0x4a5b60, 72, "main.T", true, fields), r);
    assertArrayEquals(new long[] {0, 8, 24, 56, 72}, fields.pointerOffsets(8));
  }

  @Test
  void go13ItabHasADataIsPointerBool() throws DumpFormatException {
    assertEquals(new ItabGo13(0x52a0c0, false),
        decodeAndReEncode(WireBytes.record(8).uvarint(0x52a0c0).uvarint(0), DumpVersion.GO1_3));
  }

  @Test
  void go13ParamsHaveChannelHeaderSizeAndArchitectureChar() throws DumpFormatException {
    DumpRecord r = decodeAndReEncode(WireBytes.record(6).uvarint(1).uvarint(4).uvarint(20)
        .uvarint(0x18000000).uvarint(0x18400000).uvarint('8').string("fieldtrack").uvarint(4),
        DumpVersion.GO1_3);
    ParamsGo13 p = (ParamsGo13) r;
    assertEquals(new ParamsGo13(true, 4, 20, 0x18000000, 0x18400000, '8', "fieldtrack", 4), p);
    assertEquals("386", p.architecture());
    assertEquals(new WordFormat(4, java.nio.ByteOrder.BIG_ENDIAN), p.wordFormat());
  }

  @Test
  void go14ParamsHaveArchitectureChar() throws DumpFormatException {
    for (DumpVersion v : List.of(DumpVersion.GO1_4, DumpVersion.GO1_5, DumpVersion.GO1_6)) {
      DumpRecord r = decodeAndReEncode(WireBytes.record(6).uvarint(0).uvarint(8)
          .uvarint(0xc208000000L).uvarint(0xc210000000L).uvarint('6').string("").uvarint(2), v);
      assertEquals(new ParamsGo14(false, 8, 0xc208000000L, 0xc210000000L, '6', "", 2), r);
      assertEquals("amd64", ((DumpParams) r).architecture());
      assertEquals(WordFormat.LITTLE_ENDIAN_64, ((DumpParams) r).wordFormat());
    }
  }

  @Test
  void go17ParamsHaveAGoarchString() throws DumpFormatException {
    DumpRecord r = decodeAndReEncode(WireBytes.params17(), DumpVersion.GO1_7);
    assertEquals(new Params(false, 8, 0xc000000000L, 0xc004000000L, "amd64", "go1.19.8", 2), r);
  }

  @Test
  void go14ObjectsHaveIfaceAndEfaceFields() throws DumpFormatException {
    DumpRecord r = decodeAndReEncode(WireBytes.record(1).uvarint(0xc208001000L).uvarint(48)
        .raw(new byte[48]).uvarint(1).uvarint(0).uvarint(2).uvarint(8).uvarint(3).uvarint(24)
        .uvarint(0), DumpVersion.GO1_4);
    assertEquals(new ObjectRecord(0xc208001000L, Memory.wrap(new byte[48]), FieldList.of(
        Field.ptr(0), new Field(FieldKind.IFACE, 8), new Field(FieldKind.EFACE, 24))), r);
  }

  @Test
  void fieldCodesMeanDifferentKindsPerVersion() throws DumpFormatException {
    WireBytes code2 = WireBytes.record(12).uvarint(0x500000).uvarint(16).raw(new byte[16])
        .uvarint(2).uvarint(0).uvarint(0);
    assertEquals(FieldKind.STRING,
        ((DataSegment) Records.decode(code2.toByteArray(), DumpVersion.GO1_3)).fields().kind(0));
    for (DumpVersion v : List.of(DumpVersion.GO1_4, DumpVersion.GO1_5, DumpVersion.GO1_7)) {
      // Go 1.5+ runtimes still declare Iface = 2; the decoder reads it.
      assertEquals(FieldKind.IFACE,
          ((DataSegment) Records.decode(code2.toByteArray(), v)).fields().kind(0));
    }
    byte[] code4 = WireBytes.record(12).uvarint(0x500000).uvarint(0).uvarint(4).uvarint(0)
        .uvarint(0).toByteArray();
    assertEquals(FieldKind.IFACE,
        ((DataSegment) Records.decode(code4, DumpVersion.GO1_3)).fields().kind(0));
    DumpFormatException e = assertThrows(
        DumpFormatException.class, () -> Records.decode(code4, DumpVersion.GO1_4));
    assertTrue(e.reason().contains("unknown field kind 4 for GO1_4"), e.getMessage());
    assertEquals(6, e.offset()); // tag, 4-byte address, empty memory, then the kind
  }

  @Test
  void go13AndGo14DefersKeepArgpAndGo13PanicsTheRunningDefer() throws DumpFormatException {
    WireBytes defer = WireBytes.record(14).uvarint(0xc208010000L).uvarint(0xc208020000L)
        .uvarint(0xc208030000L).uvarint(0x401234).uvarint(0x4a0000).uvarint(0x401000).uvarint(0);
    for (DumpVersion v : DumpVersion.values()) {
      assertEquals(new Defer(0xc208010000L, 0xc208020000L, 0xc208030000L, 0x401234, 0x4a0000,
          0x401000, 0), decodeAndReEncode(defer, v));
    }
    assertEquals(new Panic(1, 2, 3, 4, 5, 0), decodeAndReEncode(WireBytes.record(15).uvarint(1)
        .uvarint(2).uvarint(3).uvarint(4).uvarint(5).uvarint(0), DumpVersion.GO1_3));
  }

  @Test
  void memStatsAreExactly281Uvarints() throws DumpFormatException {
    WireBytes bytes = WireBytes.record(10);
    long[] values = new long[MemStats.VALUE_COUNT];
    for (int i = 0; i < values.length; i++) {
      values[i] = i * 1000L + 1;
      bytes.uvarint(values[i]);
    }
    MemStats m = (MemStats) decodeAndReEncode(bytes, DumpVersion.GO1_7);
    assertArrayEquals(values, m.values());
    assertEquals(1, m.alloc());
    assertEquals(22001, m.lastGC());
    assertEquals(23001, m.pauseTotalNs());
    assertEquals(24001, m.pauseNs()[0]);
    assertEquals(279001, m.pauseNs()[255]);
    assertEquals(280001, m.numGC());
  }

  @Test
  void memProfileBucketsCarryTheirFrames() throws DumpFormatException {
    DumpRecord r = decodeAndReEncode(WireBytes.record(16).uvarint(0x7f0000).uvarint(4096)
        .uvarint(2).string("main.alloc").string("/src/main.go").uvarint(42)
        .string("(0x401000)").string("?").uvarint(0).uvarint(10).uvarint(3), DumpVersion.GO1_7);
    assertEquals(new MemProfileBucket(0x7f0000, 4096, List.of(
        new ProfileFrame("main.alloc", "/src/main.go", 42), new ProfileFrame("(0x401000)", "?", 0)),
        10, 3), r);
  }

  @Test
  void everyOtherRecordDecodesFieldByField() throws DumpFormatException {
    DumpVersion v = DumpVersion.GO1_7;
    assertEquals(new Eof(), decodeAndReEncode(WireBytes.record(0), v));
    assertEquals(new OtherRoot("runtime type info", 0x4a0000),
        decodeAndReEncode(WireBytes.record(2).string("runtime type info").uvarint(0x4a0000), v));
    assertEquals(new TypeRecord(0x4a5b60, 16, "*main.Node", true), decodeAndReEncode(
        WireBytes.record(3).uvarint(0x4a5b60).uvarint(16).string("*main.Node").uvarint(1), v));
    assertEquals(new Goroutine(0xc000001a00L, 0xc000050f00L, 6, 0x45e321, 4, false, false,
        1700000000000000000L, "chan receive", 0, 0xc000040000L, 0, 0), decodeAndReEncode(
        WireBytes.record(4).uvarint(0xc000001a00L).uvarint(0xc000050f00L).uvarint(6)
            .uvarint(0x45e321).uvarint(4).uvarint(0).uvarint(0).uvarint(1700000000000000000L)
            .string("chan receive").uvarint(0).uvarint(0xc000040000L).uvarint(0).uvarint(0), v));
    assertEquals(new StackFrame(0xc000050f00L, 1, 0xc000050e00L, Memory.wrap(new byte[] {1, 2}),
        0x45e000, 0x45e321, 0, "main.main", FieldList.EMPTY), decodeAndReEncode(
        WireBytes.record(5).uvarint(0xc000050f00L).uvarint(1).uvarint(0xc000050e00L).uvarint(2)
            .bytes(1, 2).uvarint(0x45e000).uvarint(0x45e321).uvarint(0).string("main.main")
            .uvarint(0), v));
    assertEquals(new Finalizer(1, 2, 3, 4, 5), decodeAndReEncode(
        WireBytes.record(7).uvarint(1).uvarint(2).uvarint(3).uvarint(4).uvarint(5), v));
    assertEquals(new Itab(0x52a0c0, 0x4a5b60),
        decodeAndReEncode(WireBytes.record(8).uvarint(0x52a0c0).uvarint(0x4a5b60), v));
    assertEquals(new OsThread(0xc000040000L, 3, 12345), decodeAndReEncode(
        WireBytes.record(9).uvarint(0xc000040000L).uvarint(3).uvarint(12345), v));
    assertEquals(new QueuedFinalizer(5, 4, 3, 2, 1), decodeAndReEncode(
        WireBytes.record(11).uvarint(5).uvarint(4).uvarint(3).uvarint(2).uvarint(1), v));
    assertEquals(new BssSegment(0x570000, Memory.wrap(new byte[8]), FieldList.pointersAt(0)),
        decodeAndReEncode(WireBytes.record(13).uvarint(0x570000).uvarint(8).raw(new byte[8])
            .uvarint(1).uvarint(0).uvarint(0), v));
    assertEquals(new AllocSample(0xc000012000L, 0x7f0000),
        decodeAndReEncode(WireBytes.record(17).uvarint(0xc000012000L).uvarint(0x7f0000), v));
  }

  @Test
  void recordsOfOtherVersionsCannotBeEncoded() {
    Memory none = Memory.EMPTY;
    assertRejected(new ObjectRecordGo13(1, 2, 0, none), DumpVersion.GO1_7, "ObjectRecordGo13 does not exist in GO1_7");
    assertRejected(new ObjectRecord(1, none, FieldList.EMPTY), DumpVersion.GO1_3, "ObjectRecord does not exist in GO1_3");
    assertRejected(new TypeRecordGo13(1, 2, "t", false, FieldList.EMPTY), DumpVersion.GO1_4, "does not exist");
    assertRejected(new TypeRecord(1, 2, "t", false), DumpVersion.GO1_3, "does not exist");
    assertRejected(new ItabGo13(1, true), DumpVersion.GO1_5, "does not exist");
    assertRejected(new Itab(1, 2), DumpVersion.GO1_3, "does not exist");
    assertRejected(new Params(false, 8, 0, 0, "amd64", "", 1), DumpVersion.GO1_6, "does not exist");
    assertRejected(new ParamsGo14(false, 8, 0, 0, '6', "", 1), DumpVersion.GO1_7, "does not exist");
    assertRejected(new ParamsGo14(false, 8, 0, 0, '6', "", 1), DumpVersion.GO1_3, "does not exist");
    assertRejected(new ParamsGo13(false, 8, 0, 0, 0, '6', "", 1), DumpVersion.GO1_4, "does not exist");
    // Field kinds the version has no code for.
    assertRejected(new DataSegment(0, Memory.wrap(new byte[16]),
        FieldList.of(new Field(FieldKind.STRING, 0))), DumpVersion.GO1_4, "STRING does not exist in GO1_4");
    assertRejected(new DataSegment(0, Memory.wrap(new byte[24]),
        FieldList.of(new Field(FieldKind.SLICE, 0))), DumpVersion.GO1_7, "SLICE does not exist in GO1_7");
  }

  private static void assertRejected(DumpRecord record, DumpVersion version, String reason) {
    DumpFormatException e =
        assertThrows(DumpFormatException.class, () -> Records.encode(record, version));
    assertTrue(e.reason().contains(reason), e.getMessage());
    assertEquals(record.tag(), e.tag());
    assertEquals(0, e.recordIndex());
  }
}
