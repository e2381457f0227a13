package io.heapdump.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds wire bytes by hand for tests, independently of the codec's own encoder. */
final class WireBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static WireBytes dump(DumpVersion version) {
    return new WireBytes().ascii(version.header());
  }

  static WireBytes record(int tag) {
    return new WireBytes().uvarint(tag);
  }

  /** Minimal unsigned LEB128. */
  WireBytes uvarint(long value) {
    long v = value;
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
    return this;
  }

  WireBytes bytes(int... values) {
    for (int b : values) {
      out.write(b);
    }
    return this;
  }

  WireBytes raw(byte[] values) {
    out.write(values, 0, values.length);
    return this;
  }

  /** A length-prefixed string of ASCII (or any UTF-8) text. */
  WireBytes string(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    uvarint(b.length);
    return raw(b);
  }

  WireBytes ascii(String text) {
    return raw(text.getBytes(StandardCharsets.US_ASCII));
  }

  int size() {
    return out.size();
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  /** A go1.7 params record: little-endian, 8-byte pointers. */
  static WireBytes params17() {
    return record(6).uvarint(0).uvarint(8).uvarint(0xc000000000L).uvarint(0xc004000000L)
        .string("amd64").string("go1.19.8").uvarint(2);
  }
}
