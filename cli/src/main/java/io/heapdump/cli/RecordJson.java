package io.heapdump.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.FieldList;
import io.heapdump.codec.Memory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Codec records as JSON, one member per record component in wire order. Every uvarint is an
 * unsigned JSON number, as on the wire; memory is shown as its length and either a hex prefix or
 * the whole contents in base64; a field list is an array of {kind, offset}.
 */
final class RecordJson {
  /** How much of a {@link Memory} to show. */
  enum Contents {
    /** Length and the first {@link #PREFIX_BYTES} bytes in hex. */
    PREFIX,
    /** Length and all bytes in base64. */
    BASE64,
    /** Length only. */
    NONE;

    static Contents parse(String s) {
      return valueOf(s.toUpperCase(Locale.ROOT));
    }
  }

  /** Bytes shown in {@link Contents#PREFIX} mode. */
  static final int PREFIX_BYTES = 32;

  private static final Map<Class<?>, RecordComponent[]> COMPONENTS = new ConcurrentHashMap<>();

  private final Contents contents;

  RecordJson(Contents contents) {
    this.contents = contents;
  }

  /** A dump record as {"record": name, "tag": n, ...components}. */
  JsonObject of(DumpRecord record) {
    JsonObject o = new JsonObject();
    o.addProperty("record", record.getClass().getSimpleName());
    o.addProperty("tag", record.tag());
    addComponents(o, record);
    return o;
  }

  /**
   * Any Java record (a codec record, a nested profile frame) as an object of its components.
   * Codec records are Java records, though their sealed interfaces cannot say so.
   */
  JsonObject components(Object record) {
    JsonObject o = new JsonObject();
    addComponents(o, record);
    return o;
  }

  private void addComponents(JsonObject o, Object record) {
    for (RecordComponent c : COMPONENTS.computeIfAbsent(record.getClass(), Class::getRecordComponents)) {
      try {
        o.add(c.getName(), value(c.getAccessor().invoke(record)));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + c + " of a codec record", e);
      }
    }
  }

  private JsonElement value(Object v) {
    if (v instanceof Long l) {
      return Format.unsigned(l);
    } else if (v instanceof Boolean b) {
      return new JsonPrimitive(b);
    } else if (v instanceof String s) {
      return new JsonPrimitive(s);
    } else if (v instanceof Memory m) {
      return memory(m);
    } else if (v instanceof FieldList f) {
      return fields(f);
    } else if (v instanceof long[] values) {
      JsonArray a = new JsonArray(values.length);
      for (long x : values) {
        a.add(Format.unsigned(x));
      }
      return a;
    } else if (v instanceof List<?> list) {
      JsonArray a = new JsonArray(list.size());
      for (Object x : list) {
        a.add(value(x));
      }
      return a;
    } else if (v instanceof Record r) {
      return components(r);
    }
    throw new IllegalStateException("no JSON form for " + v.getClass());
  }

  private JsonObject memory(Memory m) {
    JsonObject o = new JsonObject();
    o.addProperty("length", m.length());
    if (!m.hasBytes() || contents == Contents.NONE) {
      return o;
    }
    if (contents == Contents.BASE64) {
      o.addProperty("base64", Base64.getEncoder().encodeToString(m.toByteArray()));
    } else {
      int shown = Math.min(m.length(), PREFIX_BYTES);
      StringBuilder hex = new StringBuilder(shown * 2);
      for (int i = 0; i < shown; i++) {
        hex.append(Character.forDigit((m.byteAt(i) >> 4) & 0xf, 16))
            .append(Character.forDigit(m.byteAt(i) & 0xf, 16));
      }
      o.addProperty("hex", hex.toString());
    }
    return o;
  }

  private static JsonArray fields(FieldList fields) {
    JsonArray a = new JsonArray(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      JsonObject f = new JsonObject();
      f.addProperty("kind", fields.kind(i).name());
      f.addProperty("offset", fields.offset(i));
      a.add(f);
    }
    return a;
  }
}
