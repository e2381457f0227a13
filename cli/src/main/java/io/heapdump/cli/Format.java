package io.heapdump.cli;

import com.google.gson.JsonPrimitive;
import io.heapdump.codec.DumpVersion;
import java.math.BigInteger;
import java.util.Locale;

/** How numbers and addresses look in tables and JSON. */
final class Format {
  private Format() {}

  /** A dump version as its header names it: {@code go1.7}. */
  static String version(DumpVersion version) {
    return version.header().substring(0, version.header().indexOf(' '));
  }

  /** An address as {@code 0x...} (lower-case hex, unsigned). */
  static String hex(long address) {
    return "0x" + Long.toHexString(address);
  }

  /** An unsigned 64-bit value as a JSON number. */
  static JsonPrimitive unsigned(long value) {
    return value >= 0
        ? new JsonPrimitive(value)
        : new JsonPrimitive(new BigInteger(Long.toUnsignedString(value)));
  }

  /** A byte count for people: {@code 1.5 MiB}, {@code 812 B}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int unit = -1;
    while (v >= 1024 && unit < units.length - 1) {
      v /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[unit]);
  }

  /** A count with thousands separators: {@code 12,345}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A percentage of {@code part} in {@code whole}, one decimal. */
  static String percent(long part, long whole) {
    return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }
}
