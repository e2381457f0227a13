package io.heapdump.testkit;

import io.heapdump.codec.DumpFormatException;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.DumpVersion;
import io.heapdump.codec.Records;
import java.util.List;

/** The codec's entry points for lambdas: a DumpFormatException where none is expected fails. */
final class Coding {
  private Coding() {}

  static byte[] encode(DumpRecord record, DumpVersion version) {
    try {
      return Records.encode(record, version);
    } catch (DumpFormatException e) {
      throw new AssertionError("cannot encode " + record + " in " + version, e);
    }
  }

  static DumpRecord decode(byte[] bytes, DumpVersion version) {
    try {
      return Records.decode(bytes, version);
    } catch (DumpFormatException e) {
      throw new AssertionError("cannot decode in " + version, e);
    }
  }

  static byte[] encodeDump(DumpVersion version, List<? extends DumpRecord> records) {
    try {
      return Records.encodeDump(version, records);
    } catch (DumpFormatException e) {
      throw new AssertionError("cannot encode a " + version + " dump", e);
    }
  }

  static List<DumpRecord> decodeDump(byte[] dump) {
    try {
      return Records.decodeDump(dump);
    } catch (DumpFormatException e) {
      throw new AssertionError("cannot decode the dump", e);
    }
  }
}
