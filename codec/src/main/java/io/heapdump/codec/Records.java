package io.heapdump.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Encoding and decoding of single records and whole dumps held in memory. */
public final class Records {
  private Records() {}

  /** The wire bytes of one record (its tag included) in {@code version}'s layout. */
  public static byte[] encode(DumpRecord record, DumpVersion version) throws DumpFormatException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      DumpEncoder encoder = DumpEncoder.start(bytes, version);
      encoder.write(record);
      encoder.flush();
    } catch (DumpFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new AssertionError("in-memory streams do not fail", e);
    }
    byte[] all = bytes.toByteArray();
    byte[] out = new byte[all.length - DumpVersion.HEADER_LENGTH];
    System.arraycopy(all, DumpVersion.HEADER_LENGTH, out, 0, out.length);
    return out;
  }

  /**
   * Decodes exactly one record (tag included) in {@code version}'s layout.
   *
   * @throws DumpFormatException when the bytes are not one whole record
   */
  public static DumpRecord decode(byte[] bytes, DumpVersion version) throws DumpFormatException {
    ByteBuffer buf = ByteBuffer.allocate(DumpVersion.HEADER_LENGTH + bytes.length);
    buf.put(version.headerBytes()).put(bytes).flip();
    try {
      DumpDecoder decoder = DumpDecoder.of(buf);
      if (bytes.length == 0) {
        throw new DumpFormatException("no record: the input is empty", 0,
            DumpFormatException.NO_TAG, 0, true);
      }
      DumpRecord record = decoder.next();
      if (decoder.position() != buf.limit()) {
        throw new DumpFormatException(
            (buf.limit() - decoder.position()) + " bytes follow the record",
            decoder.position(), record.tag(), 0, false); // shifted() makes it record-relative
      }
      return record;
    } catch (DumpFormatException e) {
      throw shifted(e);
    } catch (IOException e) {
      throw new AssertionError("in-memory buffers do not fail", e);
    }
  }

  /** Offsets relative to the record rather than to the header we put in front of it. */
  private static DumpFormatException shifted(DumpFormatException e) {
    return new DumpFormatException(
        e.reason(), Math.max(0, e.offset() - DumpVersion.HEADER_LENGTH), e.tag(),
        e.recordIndex(), e.truncated());
  }

  /** A whole dump: the header of {@code version}, then the records as given (add {@link Eof}). */
  public static byte[] encodeDump(DumpVersion version, List<? extends DumpRecord> records)
      throws DumpFormatException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DumpEncoder encoder = DumpEncoder.start(bytes, version)) {
      for (DumpRecord r : records) {
        encoder.write(r);
      }
    } catch (DumpFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new AssertionError("in-memory streams do not fail", e);
    }
    return bytes.toByteArray();
  }

  /** Every record of a whole dump held in memory, up to and including its EOF record. */
  public static List<DumpRecord> decodeDump(byte[] dump) throws DumpFormatException {
    List<DumpRecord> out = new ArrayList<>();
    try {
      DumpDecoder decoder = DumpDecoder.of(dump);
      for (DumpRecord r = decoder.next(); r != null; r = decoder.next()) {
        out.add(r);
      }
    } catch (DumpFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new AssertionError("in-memory buffers do not fail", e);
    }
    return out;
  }
}
