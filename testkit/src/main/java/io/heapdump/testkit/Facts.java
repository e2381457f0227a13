package io.heapdump.testkit;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ground truth that a Go program wrote about its own heap next to its dump
 * ({@code <program>.facts.json}): known objects with field values, goroutines, global addresses,
 * memstats, plus program-specific keys through {@link #raw()}.
 *
 * <p>Addresses are {@code "0x.."} strings; field values are hex for pointers and decimal for
 * integers. Accessors take a path of keys: object keys, or decimal indexes into arrays, e.g.
 * {@code address("doubleFirst5", "0", "addr")}.
 */
public final class Facts {
  private final Path source;
  private final JsonObject root;

  private Facts(Path source, JsonObject root) {
    this.source = source;
    this.root = root;
  }

  /**
   * Reads a facts file.
   *
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException when it is not a JSON object
   */
  public static Facts load(Path factsFile) {
    try (Reader in = Files.newBufferedReader(factsFile, StandardCharsets.UTF_8)) {
      JsonElement parsed = JsonParser.parseReader(in);
      if (!parsed.isJsonObject()) {
        throw new IllegalArgumentException(factsFile + " is not a JSON object");
      }
      return new Facts(factsFile, parsed.getAsJsonObject());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read facts " + factsFile, e);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("facts " + factsFile + " are not valid JSON", e);
    }
  }

  /** The file these facts were read from. */
  public Path source() {
    return source;
  }

  /** The whole JSON document, for program-specific keys. */
  public JsonObject raw() {
    return root;
  }

  /** Whether the path exists (and is not JSON null). */
  public boolean has(String... path) {
    JsonElement e = find(path);
    return e != null && !e.isJsonNull();
  }

  /** The JSON element at the path. */
  public JsonElement get(String... path) {
    JsonElement e = find(path);
    if (e == null || e.isJsonNull()) {
      throw new IllegalArgumentException(source + " has no " + String.join(".", path));
    }
    return e;
  }

  /** The string at the path. */
  public String string(String... path) {
    return get(path).getAsString();
  }

  /** The {@code "0x.."} address (or decimal number) at the path. */
  public long address(String... path) {
    return longValue(path);
  }

  /** The integer at the path: a JSON number (up to 2^64-1, read as unsigned) or a numeric string. */
  public long longValue(String... path) {
    return parseValue(get(path).getAsString());
  }

  /** Pointer size in bytes ({@code ptrSize}). */
  public int pointerSize() {
    return (int) longValue("ptrSize");
  }

  /** {@code goarch}, e.g. {@code amd64}. */
  public String goarch() {
    return string("goarch");
  }

  /** {@code goVersion}, e.g. {@code go1.19.8}. */
  public String goVersion() {
    return string("goVersion");
  }

  /** {@code numCPU}. */
  public long numCpu() {
    return longValue("numCPU");
  }

  /** The 16-byte header the dump must start with ({@code expectedHeader}). */
  public String expectedHeader() {
    return string("expectedHeader");
  }

  /** memstats {@code numGC}, exact in the dump. */
  public long numGc() {
    return longValue("memstats", "numGC");
  }

  /** memstats {@code lastGC}, exact in the dump. */
  public long lastGc() {
    return longValue("memstats", "lastGC");
  }

  /** memstats {@code pauseTotalNs}, exact in the dump. */
  public long pauseTotalNs() {
    return longValue("memstats", "pauseTotalNs");
  }

  /** memstats {@code pauseNs} (256 values, exact in the dump), or an empty array when absent. */
  public long[] pauseNs() {
    if (!has("memstats", "pauseNs")) {
      return new long[0];
    }
    JsonArray array = get("memstats", "pauseNs").getAsJsonArray();
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = parseValue(array.get(i).getAsString());
    }
    return out;
  }

  /** {@code globalAddrs}: global variable name to address; empty when absent. */
  public Map<String, Long> globalAddresses() {
    if (!has("globalAddrs")) {
      return ImmutableMap.of();
    }
    ImmutableMap.Builder<String, Long> out = ImmutableMap.builder();
    for (Map.Entry<String, JsonElement> e : get("globalAddrs").getAsJsonObject().entrySet()) {
      out.put(e.getKey(), parseValue(e.getValue().getAsString()));
    }
    return out.buildOrThrow();
  }

  /** {@code goroutines}, in file order; empty when absent. */
  public List<KnownGoroutine> goroutines() {
    if (!has("goroutines")) {
      return ImmutableList.of();
    }
    ImmutableList.Builder<KnownGoroutine> out = ImmutableList.builder();
    for (JsonElement e : get("goroutines").getAsJsonArray()) {
      JsonObject g = e.getAsJsonObject();
      List<String> funcs = new ArrayList<>();
      if (g.has("funcs")) {
        g.getAsJsonArray("funcs").forEach(f -> funcs.add(f.getAsString()));
      }
      out.add(new KnownGoroutine(
          parseValue(g.get("id").getAsString()),
          optionalString(g, "state"),
          optionalString(g, "waitReason"),
          List.copyOf(funcs)));
    }
    return out.build();
  }

  /**
   * Every known object anywhere in the document (each JSON object with {@code "addr"} and
   * {@code "fields"}), in document order. An object reachable under several keys is listed once
   * per key.
   */
  public List<KnownObject> knownObjects() {
    List<KnownObject> out = new ArrayList<>();
    collectObjects(root, "", out);
    return List.copyOf(out);
  }

  /**
   * Parses a facts value: {@code "0x.."} as hex, otherwise decimal; both read as unsigned 64-bit
   * when they exceed {@link Long#MAX_VALUE}, and a leading minus is allowed for decimal.
   */
  public static long parseValue(String value) {
    String v = value.trim();
    if (v.startsWith("0x") || v.startsWith("0X")) {
      return Long.parseUnsignedLong(v.substring(2), 16);
    }
    return v.startsWith("-") ? Long.parseLong(v) : Long.parseUnsignedLong(v);
  }

  private static void collectObjects(JsonElement e, String path, List<KnownObject> out) {
    if (e.isJsonArray()) {
      JsonArray array = e.getAsJsonArray();
      for (int i = 0; i < array.size(); i++) {
        collectObjects(array.get(i), path + "[" + i + "]", out);
      }
    } else if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      if (o.has("addr") && o.has("fields") && o.get("fields").isJsonObject()) {
        out.add(toKnownObject(path, o));
      }
      for (Map.Entry<String, JsonElement> child : o.entrySet()) {
        collectObjects(child.getValue(), path.isEmpty() ? child.getKey() : path + "." + child.getKey(), out);
      }
    }
  }

  private static KnownObject toKnownObject(String path, JsonObject o) {
    Map<Long, String> fields = new TreeMap<>();
    for (Map.Entry<String, JsonElement> f : o.getAsJsonObject("fields").entrySet()) {
      fields.put(Long.parseLong(f.getKey()), f.getValue().getAsString());
    }
    return new KnownObject(
        path,
        parseValue(o.get("addr").getAsString()),
        optionalString(o, "type"),
        o.has("typeSize") ? parseValue(o.get("typeSize").getAsString()) : -1,
        fields);
  }

  private static String optionalString(JsonObject o, String key) {
    return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : "";
  }

  private JsonElement find(String... path) {
    JsonElement e = root;
    for (String key : path) {
      if (e == null) {
        return null;
      }
      if (e.isJsonObject()) {
        e = e.getAsJsonObject().get(key);
      } else if (e.isJsonArray() && key.chars().allMatch(Character::isDigit) && !key.isEmpty()) {
        int index = Integer.parseInt(key);
        JsonArray array = e.getAsJsonArray();
        e = index < array.size() ? array.get(index) : null;
      } else {
        return null;
      }
    }
    return e;
  }

  /**
   * An object whose address, type and some field values the program recorded.
   *
   * @param path where in the JSON it was found, e.g. {@code doubleFirst5[0]}
   * @param address the object's address as the program saw it ({@code %p})
   * @param type the Go type name, or "" when not recorded
   * @param typeSize the Go type's size in bytes, or -1 when not recorded
   * @param fieldsByOffset byte offset in the object to the recorded value (pointers {@code "0x.."},
   *     integers decimal), sorted by offset
   */
  public record KnownObject(
      String path, long address, String type, long typeSize, Map<Long, String> fieldsByOffset) {
    public KnownObject {
      fieldsByOffset = Collections.unmodifiableMap(new TreeMap<>(fieldsByOffset));
    }

    /** The value recorded at {@code offset}, parsed as by {@link Facts#parseValue}. */
    public long fieldValue(long offset) {
      String v = fieldsByOffset.get(offset);
      if (v == null) {
        throw new IllegalArgumentException(path + " has no field at offset " + offset);
      }
      return parseValue(v);
    }
  }

  /**
   * A goroutine the program saw.
   *
   * @param id the goroutine id (as in the dump's goroutine records)
   * @param state the state as the runtime's stack trace shows it, e.g. {@code chan receive}
   * @param waitReason the wait reason, "" when not recorded
   * @param funcs the functions on its stack, innermost first
   */
  public record KnownGoroutine(long id, String state, String waitReason, List<String> funcs) {
    public KnownGoroutine {
      funcs = List.copyOf(funcs);
    }
  }
}
