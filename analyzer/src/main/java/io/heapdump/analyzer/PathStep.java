package io.heapdump.analyzer;

/**
 * One object on a {@link RootPath}, for people.
 *
 * @param object the object (graph node)
 * @param address its start address
 * @param size its size
 * @param fieldOffset where the pointer to it sits: the offset inside the previous object, or for
 *     the first object the offset its root's pointer points at inside it; -1 if not found
 * @param pointer the pointer value that leads to it (may point into its middle)
 * @param type its type name or layout, null when types were not inferred
 */
public record PathStep(int object, long address, int size, long fieldOffset, long pointer, String type) {
  /** {@code +0x10 -> 0xc000073d20 main.Node (32 bytes)}. */
  public String describe() {
    String via = fieldOffset < 0 ? "" : "+" + fieldOffset + " -> ";
    return via + "0x" + Long.toHexString(address) + (type == null ? "" : " " + type) + " (" + size
        + " bytes)";
  }
}
