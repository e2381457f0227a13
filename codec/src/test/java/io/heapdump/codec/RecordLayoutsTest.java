package io.heapdump.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The layout registry is complete. Every version has exactly one layout for each tag 0 to 17:
 * the Go 1.3 runtime already wrote memory profile buckets (16) and allocation samples (17), as
 * its heapdump.c and the heapdump13 wiki page show, so no version lacks a tag.
 */
class RecordLayoutsTest {

  /** Every concrete record class, following sealed interfaces down. */
  private static List<Class<?>> concreteRecordClasses(Class<?> sealed) {
    List<Class<?>> out = new ArrayList<>();
    for (Class<?> c : sealed.getPermittedSubclasses()) {
      if (c.isInterface()) {
        out.addAll(concreteRecordClasses(c));
      } else {
        out.add(c);
      }
    }
    return out;
  }

  @Test
  void everyRecordClassHasExactlyOneLayout() {
    List<Class<?>> classes = concreteRecordClasses(DumpRecord.class);
    assertEquals(23, classes.size(), classes.toString());
    Set<Class<?>> withLayout = new HashSet<>();
    for (RecordLayout<?> layout : RecordLayouts.ALL) {
      assertEquals(layout.type(), layout.template().getClass());
      assertEquals(layout.tag(), layout.template().tag(), layout.type().getSimpleName());
      assertSame(layout, RecordLayouts.forType(layout.type()));
      assertEquals(true, withLayout.add(layout.type()), "two layouts for " + layout.type());
    }
    assertEquals(new HashSet<>(classes), withLayout);
  }

  @Test
  void everyVersionHasOneLayoutPerTag() {
    for (DumpVersion version : DumpVersion.values()) {
      for (int tag = 0; tag <= RecordLayouts.MAX_TAG; tag++) {
        int count = 0;
        for (RecordLayout<?> layout : RecordLayouts.ALL) {
          if (layout.tag() == tag && layout.versions().contains(version)) {
            count++;
          }
        }
        assertEquals(1, count, version + " tag " + tag);
        RecordLayout<?> found = RecordLayouts.forTag(version, tag);
        assertNotNull(found);
        assertEquals(tag, found.tag());
      }
      assertNull(RecordLayouts.forTag(version, RecordLayouts.MAX_TAG + 1));
      assertNull(RecordLayouts.forTag(version, -1));
    }
  }

  @Test
  void versionSpecificLayoutsSitInTheirVersions() {
    assertSame(ObjectRecordGo13.class, RecordLayouts.forTag(DumpVersion.GO1_3, 1).type());
    assertSame(TypeRecordGo13.class, RecordLayouts.forTag(DumpVersion.GO1_3, 3).type());
    assertSame(ParamsGo13.class, RecordLayouts.forTag(DumpVersion.GO1_3, 6).type());
    assertSame(ItabGo13.class, RecordLayouts.forTag(DumpVersion.GO1_3, 8).type());
    for (DumpVersion v : List.of(DumpVersion.GO1_4, DumpVersion.GO1_5, DumpVersion.GO1_6)) {
      assertSame(ObjectRecord.class, RecordLayouts.forTag(v, 1).type());
      assertSame(TypeRecord.class, RecordLayouts.forTag(v, 3).type());
      assertSame(ParamsGo14.class, RecordLayouts.forTag(v, 6).type());
      assertSame(Itab.class, RecordLayouts.forTag(v, 8).type());
    }
    assertSame(Params.class, RecordLayouts.forTag(DumpVersion.GO1_7, 6).type());
    assertEquals("alloc sample", RecordLayouts.nameOfTag(17));
    assertEquals("unknown", RecordLayouts.nameOfTag(18));
  }
}
