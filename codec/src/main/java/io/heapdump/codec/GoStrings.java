package io.heapdump.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Go strings are bytes, not guaranteed UTF-8. They decode as UTF-8, and each byte that is not part
 * of valid UTF-8 becomes the lone surrogate {@code U+DC80 + byte} (Python's "surrogateescape"), so
 * that encoding the Java string gives back exactly the original bytes.
 */
final class GoStrings {
  private GoStrings() {}

  static String decode(ByteBuffer buf, int from, int length) {
    boolean ascii = true;
    for (int i = 0; i < length; i++) {
      if (buf.get(from + i) < 0) {
        ascii = false;
        break;
      }
    }
    byte[] bytes = new byte[length];
    buf.get(from, bytes, 0, length);
    if (ascii) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    StringBuilder sb = new StringBuilder(length);
    int i = 0;
    while (i < length) {
      int b0 = bytes[i] & 0xff;
      int n = sequenceLength(bytes, i, length);
      if (n == 0) {
        sb.append((char) (0xDC00 | b0));
        i++;
      } else {
        sb.append(new String(bytes, i, n, StandardCharsets.UTF_8));
        i += n;
      }
    }
    return sb.toString();
  }

  /** Length of the valid UTF-8 sequence at {@code i}, or 0 if the byte there starts none. */
  private static int sequenceLength(byte[] b, int i, int end) {
    int b0 = b[i] & 0xff;
    if (b0 < 0x80) {
      return 1;
    }
    int n;
    int min;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      n = 2;
      min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      n = 3;
      min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      n = 4;
      min = 0x10000;
    } else {
      return 0;
    }
    if (i + n > end) {
      return 0;
    }
    int cp = b0 & (0x7F >> n);
    for (int k = 1; k < n; k++) {
      int bk = b[i + k] & 0xff;
      if ((bk & 0xC0) != 0x80) {
        return 0;
      }
      cp = (cp << 6) | (bk & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return 0;
    }
    return n;
  }

  /**
   * The bytes of a Java string as Go wrote them.
   *
   * @throws IllegalArgumentException for a lone surrogate that is not an escaped byte
   */
  static byte[] encode(String s) {
    int n = s.length();
    boolean ascii = true;
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return s.getBytes(StandardCharsets.ISO_8859_1);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(n * 2);
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        byte[] pair = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
        out.write(pair, 0, pair.length);
        i += 2;
      } else if (c >= 0xDC80 && c <= 0xDCFF) {
        out.write(c & 0xff);
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            String.format("string has a lone surrogate U+%04X at index %d that Go cannot hold", (int) c, i));
      } else {
        byte[] one = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(one, 0, one.length);
        i++;
      }
    }
    return out.toByteArray();
  }
}
