package io.heapdump.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A heap dump format version, named by the 16-byte header line that starts every dump.
 *
 * <p>{@link #GO1_5} and {@link #GO1_6} share one layout; they are distinct constants only so that
 * re-encoding a dump reproduces its header byte for byte. Every Go release from 1.7 on writes
 * {@link #GO1_7}.
 */
public enum DumpVersion {
  /** {@code go1.3 heap dump}: objects carry a type and kind, types carry field lists. */
  GO1_3("go1.3 heap dump\n"),
  /** {@code go1.4 heap dump}: field lists on objects, Iface and Eface field kinds. */
  GO1_4("go1.4 heap dump\n"),
  /** {@code go1.5 heap dump}: only Ptr fields; a defer's third field is sp. */
  GO1_5("go1.5 heap dump\n"),
  /** {@code go1.6 heap dump}: the same layout as {@link #GO1_5}. */
  GO1_6("go1.6 heap dump\n"),
  /** {@code go1.7 heap dump}: the architecture is a GOARCH string; written by Go 1.7 to today. */
  GO1_7("go1.7 heap dump\n");

  /** Length in bytes of the header line, newline included. */
  public static final int HEADER_LENGTH = 16;

  private final byte[] header;

  DumpVersion(String header) {
    this.header = header.getBytes(StandardCharsets.US_ASCII);
  }

  /** The header line this version starts with, newline included. */
  public String header() {
    return new String(header, StandardCharsets.US_ASCII);
  }

  /** The 16 header bytes (a fresh copy). */
  public byte[] headerBytes() {
    return header.clone();
  }

  /**
   * Finds the version whose header equals the given 16 bytes.
   *
   * @throws DumpFormatException quoting what was found when no version has that header
   */
  public static DumpVersion fromHeader(byte[] bytes) throws DumpFormatException {
    for (DumpVersion version : values()) {
      if (Arrays.equals(version.header, bytes)) {
        return version;
      }
    }
    throw new DumpFormatException(
        "not a Go heap dump: the header is " + quote(bytes) + ", expected one of "
            + "\"go1.3 heap dump\\n\" to \"go1.7 heap dump\\n\"",
        0, DumpFormatException.NO_TAG, DumpFormatException.NO_RECORD, false);
  }

  /** True when this version's records are laid out as {@code other}'s. */
  public boolean sameLayoutAs(DumpVersion other) {
    return layout() == other.layout();
  }

  /** Whether this layout is at least {@code other}'s (go1.5 and go1.6 count as equal). */
  public boolean atLeast(DumpVersion other) {
    return layout() >= other.layout();
  }

  private int layout() {
    return this == GO1_6 ? GO1_5.ordinal() : ordinal();
  }

  /** The wire code of a field kind in this version. */
  int fieldCode(FieldKind kind) {
    switch (kind) {
      case PTR:
        return 1;
      case STRING:
      case SLICE:
        if (this == GO1_3) {
          return kind == FieldKind.STRING ? 2 : 3;
        }
        break;
      case IFACE:
        return this == GO1_3 ? 4 : 2;
      case EFACE:
        return this == GO1_3 ? 5 : 3;
      default:
        break;
    }
    throw new IllegalArgumentException("field kind " + kind + " does not exist in " + this);
  }

  /**
   * The field kind of a wire code in this version, or null for an unknown code. Go 1.5 and later
   * only write Ptr, but their runtime still declares Iface = 2 and Eface = 3, so those are read too.
   */
  FieldKind fieldKind(long code) {
    if (code == 1) {
      return FieldKind.PTR;
    }
    if (this == GO1_3) {
      return code == 2 ? FieldKind.STRING
          : code == 3 ? FieldKind.SLICE
          : code == 4 ? FieldKind.IFACE
          : code == 5 ? FieldKind.EFACE
          : null;
    }
    return code == 2 ? FieldKind.IFACE : code == 3 ? FieldKind.EFACE : null;
  }

  private static String quote(byte[] bytes) {
    StringBuilder sb = new StringBuilder("\"");
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c == '\n') {
        sb.append("\\n");
      } else if (c == '"' || c == '\\') {
        sb.append('\\').append((char) c);
      } else if (c >= 0x20 && c < 0x7f) {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02x", c));
      }
    }
    return sb.append('"').toString();
  }
}
