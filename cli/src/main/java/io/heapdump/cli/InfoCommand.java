package io.heapdump.cli;

import com.google.gson.JsonObject;
import io.heapdump.codec.DumpParams;
import io.heapdump.codec.DumpVersion;
import io.heapdump.codec.MemStats;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.ObjectRecordGo13;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/** {@code heapdump info FILE}: what the dump is, how many records of each kind, memstats. */
final class InfoCommand implements Command {
  @Override
  public String name() {
    return "info";
  }

  @Override
  public String summary() {
    return "version, parameters, record counts, object count and bytes, memstats";
  }

  @Override
  public String help() {
    return Command.helpText("info FILE",
        "Reads the whole dump once and prints its format version, its params record, how many\n"
            + "records of each kind it holds, the number and total bytes of heap objects, and the\n"
            + "runtime's memory statistics.");
  }

  /** What info reports; counts keyed by record class name, ordered by tag. */
  private static final class Facts {
    DumpVersion version;
    DumpParams params;
    MemStats memStats;
    final Map<Integer, String> names = new TreeMap<>();
    final Map<Integer, Long> counts = new TreeMap<>();
    long records;
    long objects;
    long objectBytes;
  }

  @Override
  public int run(Arguments args, Terminal terminal) throws CliException {
    String file = args.positional("FILE").get(0);
    Facts facts = new Facts();
    DumpFiles.scan(file, terminal, true, (r, reader) -> {
      facts.version = reader.version();
      // Tag alone is ambiguous only across versions, and one dump has one version.
      facts.names.putIfAbsent(r.tag(), r.getClass().getSimpleName());
      facts.counts.merge(r.tag(), 1L, Long::sum);
      facts.records++;
      if (r instanceof ObjectRecord o) {
        facts.objects++;
        facts.objectBytes += o.contents().length();
      } else if (r instanceof ObjectRecordGo13 o) {
        facts.objects++;
        facts.objectBytes += o.contents().length();
      } else if (r instanceof DumpParams p) {
        facts.params = p;
      } else if (r instanceof MemStats m) {
        facts.memStats = m;
      }
    });
    if (terminal.json()) {
      terminal.printJson(json(file, facts));
    } else {
      print(terminal.out(), file, facts);
    }
    return ExitCode.OK;
  }

  private static JsonObject json(String file, Facts f) {
    RecordJson records = new RecordJson(RecordJson.Contents.NONE);
    JsonObject o = new JsonObject();
    o.addProperty("file", file);
    o.addProperty("version", Format.version(f.version));
    o.add("params", f.params == null ? null : records.components(f.params));
    JsonObject counts = new JsonObject();
    f.counts.forEach((tag, n) -> counts.addProperty(f.names.get(tag), n));
    o.add("recordCounts", counts);
    o.addProperty("records", f.records);
    o.addProperty("objects", f.objects);
    o.addProperty("objectBytes", f.objectBytes);
    if (f.memStats != null) {
      JsonObject m = records.components(f.memStats);
      m.remove("pauseNs"); // 256 numbers; `records` shows them
      o.add("memStats", m);
    } else {
      o.add("memStats", null);
    }
    return o;
  }

  private static void print(PrintStream out, String file, Facts f) {
    out.println("File:      " + file);
    out.println("Version:   " + Format.version(f.version) + " heap dump format");
    if (f.params != null) {
      DumpParams p = f.params;
      out.println("Arch:      " + p.architecture() + ", " + p.pointerSize() + "-byte pointers, "
          + (p.bigEndian() ? "big" : "little") + "-endian, " + p.cpuCount() + " CPUs");
      out.println("Heap:      " + Format.hex(p.heapStart()) + " - " + Format.hex(p.heapEnd()));
      if (p instanceof io.heapdump.codec.Params go17) {
        out.println("Built by:  " + go17.buildVersion());
      }
    }
    out.println("Objects:   " + Format.count(f.objects) + " (" + Format.bytes(f.objectBytes) + ")");
    out.println("Records:   " + Format.count(f.records));
    out.println();
    Table counts = Table.of(">tag", "record", ">count");
    f.counts.forEach((tag, n) -> counts.row(tag, f.names.get(tag), Format.count(n)));
    counts.print(out, "  ");
    if (f.memStats != null) {
      MemStats m = f.memStats;
      out.println();
      out.println("MemStats:");
      Table t = Table.of("name", ">value");
      t.row("HeapAlloc", Format.bytes(m.heapAlloc()));
      t.row("HeapInuse", Format.bytes(m.heapInuse()));
      t.row("HeapSys", Format.bytes(m.heapSys()));
      t.row("HeapObjects", Format.count(m.heapObjects()));
      t.row("TotalAlloc", Format.bytes(m.totalAlloc()));
      t.row("Sys", Format.bytes(m.sys()));
      t.row("StackInuse", Format.bytes(m.stackInuse()));
      t.row("Mallocs", Format.count(m.mallocs()));
      t.row("Frees", Format.count(m.frees()));
      t.row("NextGC", Format.bytes(m.nextGC()));
      t.row("NumGC", Format.count(m.numGC()));
      t.row("PauseTotalNs", Format.count(m.pauseTotalNs()));
      t.print(out, "  ");
    }
  }
}
