package io.heapdump.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.heapdump.codec.DumpParams;
import io.heapdump.codec.DumpRecord;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code heapdump records FILE}: every record, one per line. */
final class RecordsCommand implements Command {
  private static final List<String> CONTENTS = List.of("prefix", "base64", "none");

  @Override
  public String name() {
    return "records";
  }

  @Override
  public String summary() {
    return "every record, one per line (JSON lines with --json)";
  }

  @Override
  public String help() {
    return Command.helpText("records FILE [--contents prefix|base64|none] [--only NAMES]",
        "Prints every record of the dump in file order, one per line: its byte offset, its\n"
            + "record name and its fields in wire order. With --json, one JSON object per line:\n"
            + "{\"offset\":N,\"record\":\"ObjectRecord\",\"tag\":1,...fields}; every uvarint is a\n"
            + "JSON number (unsigned decimal), memory is {\"length\":N,\"hex\":\"...\"} and a field\n"
            + "list is [{\"kind\":\"PTR\",\"offset\":N},...].",
        "--contents MODE  memory contents: prefix (default: length and the first "
            + RecordJson.PREFIX_BYTES + " bytes in hex),",
        "                 base64 (length and every byte), none (length only)",
        "--only NAMES     only these records, comma-separated names (ObjectRecord,Goroutine,...)");
  }

  @Override
  public List<String> valuedOptions() {
    return List.of("--contents", "--only");
  }

  @Override
  public int run(Arguments args, Terminal terminal) throws CliException {
    String file = args.positional("FILE").get(0);
    RecordJson.Contents contents = RecordJson.Contents.parse(args.choice("--contents", CONTENTS));
    Set<String> only = only(args.value("--only", null));
    RecordJson json = new RecordJson(contents);
    PrintStream out = terminal.out();
    DumpFiles.scan(file, terminal, contents == RecordJson.Contents.NONE, (r, reader) -> {
      if (only != null && !only.contains(r.getClass().getSimpleName())) {
        return;
      }
      JsonObject o = new JsonObject();
      o.addProperty("offset", reader.recordStart());
      for (Map.Entry<String, JsonElement> e : json.of(r).entrySet()) {
        o.add(e.getKey(), e.getValue());
      }
      if (terminal.json()) {
        terminal.printJsonLine(o);
      } else {
        out.println(line(o));
      }
    });
    return ExitCode.OK;
  }

  /** The record names --only accepts: every concrete codec record class. */
  static List<String> recordNames() {
    List<String> names = new ArrayList<>();
    for (Class<?> c : DumpRecord.class.getPermittedSubclasses()) {
      if (c == DumpParams.class) {
        Arrays.stream(DumpParams.class.getPermittedSubclasses())
            .forEach(p -> names.add(p.getSimpleName()));
      } else {
        names.add(c.getSimpleName());
      }
    }
    return names;
  }

  private static Set<String> only(String value) throws CliException {
    if (value == null) {
      return null;
    }
    List<String> known = recordNames();
    Set<String> names = new HashSet<>();
    for (String name : value.split(",")) {
      String n = name.trim();
      if (!known.contains(n)) {
        throw CliException.usage(
            "--only: unknown record \"" + n + "\"; records are " + String.join(", ", known));
      }
      names.add(n);
    }
    return names;
  }

  /** A record for people: {@code @offset Name key=value ...}, nested values as compact JSON. */
  private static String line(JsonObject o) {
    StringBuilder sb = new StringBuilder("@").append(o.get("offset").getAsLong()).append(' ')
        .append(o.get("record").getAsString());
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      String key = e.getKey();
      if (key.equals("offset") || key.equals("record") || key.equals("tag")) {
        continue;
      }
      JsonElement v = e.getValue();
      sb.append(' ').append(key).append('=')
          .append(v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()
              ? '"' + v.getAsString() + '"'
              : v.toString());
    }
    return sb.toString();
  }
}
