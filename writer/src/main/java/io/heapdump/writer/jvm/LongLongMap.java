package io.heapdump.writer.jvm;

import com.google.common.base.Preconditions;

/**
 * A map from non-zero long keys to long values on two arrays (open addressing, linear probing),
 * for per-object lookups by HPROF id without boxing. Id 0 is HPROF's null and never a key.
 */
final class LongLongMap {
  private long[] keys;
  private long[] values;
  private int size;

  LongLongMap() {
    keys = new long[16];
    values = new long[16];
  }

  /** The value of {@code key}, or {@code missing} when absent. */
  long get(long key, long missing) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return values[i];
      }
      if (k == 0) {
        return missing;
      }
    }
  }

  boolean containsKey(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return true;
      }
      if (k == 0) {
        return false;
      }
    }
  }

  void put(long key, long value) {
    Preconditions.checkArgument(key != 0, "key 0 is reserved");
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      if (keys[i] == 0) {
        keys[i] = key;
        values[i] = value;
        size++;
        return;
      }
    }
  }

  int size() {
    return size;
  }

  /** Calls {@code action} for every entry, in no particular order. */
  void forEach(Entry action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        action.accept(keys[i], values[i]);
      }
    }
  }

  interface Entry {
    void accept(long key, long value);
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new long[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L; // HPROF ids are aligned addresses: mix the low bits
    return (int) (h >>> 32) & mask;
  }
}
