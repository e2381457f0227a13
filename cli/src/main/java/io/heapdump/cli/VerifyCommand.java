package io.heapdump.cli;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.heapdump.codec.DumpEncoder;
import io.heapdump.codec.DumpRecord;
import io.heapdump.reader.DumpReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code heapdump verify FILE}: decodes every record, re-encodes it with the codec's encoder and
 * compares the bytes with the file's, streaming (the file is never held whole in memory).
 */
final class VerifyCommand implements Command {
  @Override
  public String name() {
    return "verify";
  }

  @Override
  public String summary() {
    return "decode and re-encode every record; exit 0 only if the bytes are identical";
  }

  @Override
  public String help() {
    return Command.helpText("verify FILE",
        "Decodes every record of the dump, re-encodes each one with the codec's encoder and\n"
            + "compares the result with the file byte for byte. Reports whether they are identical,\n"
            + "the first differing byte offset and the record it falls in, and how many uvarints\n"
            + "were not in minimal form (Go never writes those; they make a dump differ).\n\n"
            + "Exit status: 0 identical, 1 the bytes differ, 3 the dump cannot be decoded.");
  }

  /** What verify found. */
  private record Result(
      long fileBytes, long reencodedBytes, long records, long firstDifference,
      long differingRecord, String differingRecordName, long differingRecordStart,
      long nonMinimalVarints, long firstNonMinimalVarint) {
    boolean identical() {
      return firstDifference < 0;
    }
  }

  @Override
  public int run(Arguments args, Terminal terminal) throws CliException {
    String file = args.positional("FILE").get(0);
    Path path = DumpFiles.existing(file);
    Result result = DumpFiles.reading(file, () -> verify(path, terminal.progress()));
    if (terminal.json()) {
      terminal.printJson(json(file, result));
    } else {
      print(terminal.out(), file, result);
    }
    return result.identical() ? ExitCode.OK : ExitCode.FINDING;
  }

  private static Result verify(Path path, Progress progress) throws IOException {
    try (DumpReader reader = DumpReader.open(path);
        ComparingStream original = new ComparingStream(DumpReader.uncompressedBytes(path));
        Progress.Phase phase = progress.start("Verifying", reader.inputSize(), true)) {
      DumpEncoder encoder = DumpEncoder.start(original, reader.version());
      encoder.flush();
      long differingRecord = -1;
      String differingName = null;
      long differingStart = -1;
      for (DumpRecord r = reader.next(); r != null; r = reader.next()) {
        encoder.write(r);
        encoder.flush(); // compare record by record, to name the record where bytes first differ
        if (differingRecord < 0 && original.firstDifference() >= 0) {
          differingRecord = reader.recordCount() - 1;
          differingName = r.getClass().getSimpleName();
          differingStart = reader.recordStart();
        }
        if ((reader.recordCount() & 0xfff) == 0) {
          phase.update(reader.position());
        }
      }
      original.finish();
      return new Result(reader.position(), original.written(), reader.recordCount(),
          original.firstDifference(), differingRecord, differingName, differingStart,
          reader.nonMinimalVarints(), reader.firstNonMinimalVarintOffset());
    }
  }

  /**
   * An output stream that compares what is written with the bytes of an input stream and keeps
   * the offset of the first difference (including one stream being longer than the other).
   */
  private static final class ComparingStream extends OutputStream {
    private final InputStream expected;
    private byte[] scratch = new byte[1 << 16];
    private long written;
    private long firstDifference = -1;

    ComparingStream(InputStream expected) {
      this.expected = expected;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (firstDifference < 0) {
        if (scratch.length < len) {
          scratch = new byte[len];
        }
        int got = expected.readNBytes(scratch, 0, len);
        int mismatch = Arrays.mismatch(b, off, off + len, scratch, 0, got);
        if (mismatch >= 0) {
          firstDifference = written + mismatch;
        }
      }
      written += len;
    }

    /** After the last write: a file longer than what was re-encoded differs where it goes on. */
    void finish() throws IOException {
      if (firstDifference < 0 && expected.read() >= 0) {
        firstDifference = written;
      }
    }

    long written() {
      return written;
    }

    long firstDifference() {
      return firstDifference;
    }

    @Override
    public void close() throws IOException {
      expected.close();
    }
  }

  private static JsonObject json(String file, Result r) {
    JsonObject o = new JsonObject();
    o.addProperty("file", file);
    o.addProperty("identical", r.identical());
    o.addProperty("bytes", r.fileBytes());
    o.addProperty("reencodedBytes", r.reencodedBytes());
    o.addProperty("records", r.records());
    o.add("firstDifference", r.identical() ? JsonNull.INSTANCE : new JsonPrimitive(r.firstDifference()));
    if (r.differingRecord() >= 0) {
      JsonObject rec = new JsonObject();
      rec.addProperty("index", r.differingRecord());
      rec.addProperty("record", r.differingRecordName());
      rec.addProperty("offset", r.differingRecordStart());
      o.add("differingRecord", rec);
    } else {
      o.add("differingRecord", JsonNull.INSTANCE);
    }
    o.addProperty("nonMinimalVarints", r.nonMinimalVarints());
    o.add("firstNonMinimalVarint", r.firstNonMinimalVarint() < 0
        ? JsonNull.INSTANCE : new JsonPrimitive(r.firstNonMinimalVarint()));
    return o;
  }

  private static void print(PrintStream out, String file, Result r) {
    if (r.identical()) {
      out.println(file + ": identical: " + Format.count(r.records()) + " records re-encode to the "
          + "same " + Format.count(r.fileBytes()) + " bytes");
    } else {
      StringBuilder sb = new StringBuilder(file).append(": differs at byte offset ")
          .append(r.firstDifference());
      if (r.differingRecord() >= 0) {
        sb.append(", in record #").append(r.differingRecord()).append(" (")
            .append(r.differingRecordName()).append(" at byte offset ")
            .append(r.differingRecordStart()).append(')');
      }
      out.println(sb);
      out.println("  file " + Format.count(r.fileBytes()) + " bytes, re-encoded "
          + Format.count(r.reencodedBytes()) + " bytes, " + Format.count(r.records())
          + " records");
    }
    if (r.nonMinimalVarints() > 0) {
      out.println("  " + Format.count(r.nonMinimalVarints())
          + " uvarints not in minimal form (Go never writes these), the first at byte offset "
          + r.firstNonMinimalVarint());
    }
  }
}
