package io.heapdump.codec;

/**
 * Tag 7: a registered finalizer, set with runtime.SetFinalizer on a live object.
 *
 * @param object the object's address
 * @param funcval the finalizer's funcval
 * @param functionPc the finalizer function's PC
 * @param argumentType the type descriptor of the finalizer's argument
 * @param objectType the type descriptor of the object's pointer type
 */
public record Finalizer(long object, long funcval, long functionPc, long argumentType, long objectType)
    implements DumpRecord {
  /** Tag of this record. */
  public static final int TAG = 7;

  static final RecordLayout<Finalizer> LAYOUT = RecordLayout.all(
      TAG, Finalizer.class, new Finalizer(0, 0, 0, 0, 0),
      (w, r) -> new Finalizer(
          w.uvarint(r.object), w.uvarint(r.funcval), w.uvarint(r.functionPc),
          w.uvarint(r.argumentType), w.uvarint(r.objectType)));

  @Override
  public int tag() {
    return TAG;
  }
}
