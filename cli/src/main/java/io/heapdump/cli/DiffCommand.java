package io.heapdump.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.heapdump.analyzer.HeapAnalysis;
import io.heapdump.analyzer.HeapDiff;
import io.heapdump.analyzer.Histogram;
import java.io.PrintStream;
import java.util.List;

/** {@code heapdump diff OLD NEW}: what grew and what shrank between two dumps. */
final class DiffCommand implements Command {
  @Override
  public String name() {
    return "diff";
  }

  @Override
  public String summary() {
    return "live objects and bytes per type, size class or site: what grew between two dumps";
  }

  @Override
  public String help() {
    return Command.helpText("diff OLD NEW [--by type|size|site] [--all] [--limit N]",
        "Groups the live objects of both dumps as histogram does and lists the groups whose\n"
            + "count or bytes changed, biggest byte growth first, shrinking groups last. Object\n"
            + "addresses are not compared: two dumps of one process rarely share them.",
        "--by KEY   type (default), size (size class) or site (allocation stack)",
        "--all      count unreachable objects too",
        "--limit N  rows to show (default " + HistogramCommand.DEFAULT_TABLE_ROWS
            + " in a table, all in JSON)");
  }

  @Override
  public List<String> flags() {
    return List.of("--all");
  }

  @Override
  public List<String> valuedOptions() {
    return List.of("--by", "--limit");
  }

  @Override
  public int run(Arguments args, Terminal terminal) throws CliException {
    List<String> files = args.positional("OLD", "NEW");
    String by = args.choice("--by", HistogramCommand.GROUPINGS);
    int limit = HistogramCommand.rowLimit(args, terminal);
    boolean all = args.flag("--all");
    Histogram before = HistogramCommand.of(
        files.get(0), terminal, DumpFiles.analyze(files.get(0), terminal), by, all);
    Histogram after = HistogramCommand.of(
        files.get(1), terminal, DumpFiles.analyze(files.get(1), terminal), by, all);
    List<HeapDiff.Row> changed = HeapDiff.compare(before, after).changed();
    List<HeapDiff.Row> shown = changed.subList(0, Math.min(limit, changed.size()));
    if (terminal.json()) {
      JsonObject o = new JsonObject();
      o.addProperty("old", files.get(0));
      o.addProperty("new", files.get(1));
      o.addProperty("by", by);
      o.addProperty("objects", all ? "all" : "live");
      o.add("oldTotal", total(before));
      o.add("newTotal", total(after));
      o.addProperty("changedGroups", changed.size());
      JsonArray rows = new JsonArray();
      for (HeapDiff.Row r : shown) {
        JsonObject row = new JsonObject();
        row.addProperty("key", r.key());
        row.addProperty("oldCount", r.oldCount());
        row.addProperty("oldBytes", r.oldBytes());
        row.addProperty("newCount", r.newCount());
        row.addProperty("newBytes", r.newBytes());
        row.addProperty("countDelta", r.countDelta());
        row.addProperty("bytesDelta", r.bytesDelta());
        rows.add(row);
      }
      o.add("rows", rows);
      terminal.printJson(o);
    } else {
      print(terminal.out(), before, after, changed, shown);
    }
    return ExitCode.OK;
  }

  private static JsonObject total(Histogram h) {
    JsonObject o = new JsonObject();
    o.addProperty("count", h.totalCount());
    o.addProperty("bytes", h.totalBytes());
    return o;
  }

  private static void print(PrintStream out, Histogram before, Histogram after,
      List<HeapDiff.Row> changed, List<HeapDiff.Row> shown) {
    out.println("Old: " + Format.count(before.totalCount()) + " objects, "
        + Format.bytes(before.totalBytes()));
    out.println("New: " + Format.count(after.totalCount()) + " objects, "
        + Format.bytes(after.totalBytes()) + " (" + signedBytes(after.totalBytes()
        - before.totalBytes()) + ")");
    out.println(Format.count(changed.size()) + " groups changed");
    out.println();
    Table t = Table.of(">objects", ">change", ">bytes", ">change", "key");
    for (HeapDiff.Row r : shown) {
      t.row(Format.count(r.newCount()), signed(r.countDelta()), Format.bytes(r.newBytes()),
          signedBytes(r.bytesDelta()), r.key());
    }
    t.print(out, "");
    if (changed.size() > shown.size()) {
      out.println("... " + Format.count(changed.size() - shown.size()) + " more groups (--limit)");
    }
  }

  private static String signed(long n) {
    return (n > 0 ? "+" : "") + Format.count(n);
  }

  private static String signedBytes(long n) {
    return n < 0 ? "-" + Format.bytes(-n) : "+" + Format.bytes(n);
  }
}
