package dev.eddy.protocol.codec;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The members of a decoded structure with few of them: keys and values in two arrays, in the
 * order read, found by a scan. A PutRecords request holds 500 structures of two or three members,
 * for which scanning beats hashing and two small arrays beat a hash table and an entry per member.
 * Responses use them too ({@link #of(String, Object, String, Object)}): a PutRecords answer holds
 * as many. A full {@link Map}: handlers and checks may change what they were given. For a handful
 * of members only: every put scans the ones already there.
 */
public final class Members extends AbstractMap<String, Object> {
    private String[] keys;
    private Object[] values;
    private int size;

    Members(int capacity) {
        keys = new String[Math.max(capacity, 1)];
        values = new Object[keys.length];
    }

    /** Two members, in this order; a null value leaves its member out. */
    public static Members of(String k1, Object v1, String k2, Object v2) {
        Members m = new Members(2);
        if (v1 != null) {
            m.put(k1, v1);
        }
        if (v2 != null) {
            m.put(k2, v2);
        }
        return m;
    }

    private int indexOf(Object key) {
        for (int i = 0; i < size; i++) {
            if (keys[i] == key || keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object put(String key, Object value) {
        if (key == null) {
            throw new NullPointerException("a member needs a name");
        }
        int i = indexOf(key);
        if (i >= 0) {
            Object old = values[i];
            values[i] = value;
            return old;
        }
        if (size == keys.length) {
            keys = java.util.Arrays.copyOf(keys, size * 2);
            values = java.util.Arrays.copyOf(values, size * 2);
        }
        keys[size] = key;
        values[size++] = value;
        return null;
    }

    @Override
    public Object remove(Object key) {
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        Object old = values[i];
        removeAt(i);
        return old;
    }

    private void removeAt(int i) {
        System.arraycopy(keys, i + 1, keys, i, size - i - 1);
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
        keys[size] = null;
        values[size] = null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void clear() {
        java.util.Arrays.fill(keys, 0, size, null);
        java.util.Arrays.fill(values, 0, size, null);
        size = 0;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;
                    private int last = -1;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        last = next++;
                        int at = last;
                        return new Entry<>() {
                            @Override
                            public String getKey() {
                                return keys[at];
                            }

                            @Override
                            public Object getValue() {
                                return values[at];
                            }

                            @Override
                            public Object setValue(Object value) {
                                Object old = values[at];
                                values[at] = value;
                                return old;
                            }

                            @Override
                            public boolean equals(Object o) {
                                return o instanceof Entry<?, ?> e
                                        && keys[at].equals(e.getKey())
                                        && java.util.Objects.equals(values[at], e.getValue());
                            }

                            @Override
                            public int hashCode() {
                                return keys[at].hashCode() ^ java.util.Objects.hashCode(values[at]);
                            }

                            @Override
                            public String toString() {
                                return keys[at] + "=" + values[at];
                            }
                        };
                    }

                    @Override
                    public void remove() {
                        if (last < 0) {
                            throw new IllegalStateException();
                        }
                        removeAt(last);
                        next = last;
                        last = -1;
                    }
                };
            }
        };
    }
}
