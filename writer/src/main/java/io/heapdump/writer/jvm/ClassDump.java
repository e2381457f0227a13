package io.heapdump.writer.jvm;

/**
 * An HPROF CLASS_DUMP sub-record, as {@link HprofFile} reads it: the class's own statics and
 * instance fields (not its superclasses'), names as HPROF string ids, types as HPROF basic types.
 *
 * @param staticValues each static's value in the low bits (an object id for references), as
 *     HPROF writes it: big-endian, of the type's size
 */
record ClassDump(long id, long superclassId, long classLoaderId, int instanceSize,
    long[] staticNameIds, int[] staticTypes, long[] staticValues, long[] fieldNameIds,
    int[] fieldTypes) {}
