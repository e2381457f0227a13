package io.heapdump.codec;

/**
 * Tag 11: a finalizer queued to run: its object is unreachable and waits for the finalizer goroutine.
 *
 * @param object the object's address
 * @param funcval the finalizer's funcval
 * @param functionPc the finalizer function's PC
 * @param argumentType the type descriptor of the finalizer's argument
 * @param objectType the type descriptor of the object's pointer type
 */
public record QueuedFinalizer(long object, long funcval, long functionPc, long argumentType, long objectType)
    implements DumpRecord {
  /** Tag of this record. */
  public static final int TAG = 11;

  static final RecordLayout<QueuedFinalizer> LAYOUT = RecordLayout.all(
      TAG, QueuedFinalizer.class, new QueuedFinalizer(0, 0, 0, 0, 0),
      (w, r) -> new QueuedFinalizer(
          w.uvarint(r.object), w.uvarint(r.funcval), w.uvarint(r.functionPc),
          w.uvarint(r.argumentType), w.uvarint(r.objectType)));

  @Override
  public int tag() {
    return TAG;
  }
}
