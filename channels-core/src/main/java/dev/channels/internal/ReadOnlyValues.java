package dev.channels.internal;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a message hands out of its normalized values. One message instance goes to every receiver (a
 * group send shares it between all members), so no receiver may change what another reads: maps and
 * lists come out as unmodifiable views whose byte arrays, at any depth, are copied each time they
 * are read. Internal readers (the codec, the size computation) see through the views with {@link
 * #unwrap} and read the values themselves, copying nothing.
 */
public final class ReadOnlyValues {

  private ReadOnlyValues() {}

  /** {@code value} as a caller may have it: a copy of a byte array, a view of a map or list. */
  public static @Nullable Object of(@Nullable Object value) {
    if (value instanceof byte[] bytes) {
      return bytes.clone();
    }
    if (value instanceof Map<?, ?> map) {
      return new MapView(map);
    }
    if (value instanceof List<?> list) {
      return new ListView(list);
    }
    return value;
  }

  /** A view of the normalized fields of a message. */
  public static Map<String, @Nullable Object> ofFields(Map<String, @Nullable Object> fields) {
    return new MapView(fields);
  }

  /** The normalized value behind a view from {@link #of}, or {@code value} itself. */
  public static @Nullable Object unwrap(@Nullable Object value) {
    if (value instanceof MapView view) {
      return view.values;
    }
    return value instanceof ListView view ? view.values : value;
  }

  private static final class MapView extends AbstractMap<String, @Nullable Object> {

    private final Map<?, ?> values;

    MapView(Map<?, ?> values) {
      this.values = values;
    }

    @Override
    public @Nullable Object get(@Nullable Object key) {
      return of(values.get(key));
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
      return values.containsKey(key);
    }

    @Override
    public int size() {
      return values.size();
    }

    @Override
    public Set<Map.Entry<String, @Nullable Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, @Nullable Object>> iterator() {
          Iterator<? extends Map.Entry<?, ?>> entries = values.entrySet().iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return entries.hasNext();
            }

            @Override
            public Map.Entry<String, @Nullable Object> next() {
              Map.Entry<?, ?> entry = entries.next();
              return new SimpleImmutableEntry<>((String) entry.getKey(), of(entry.getValue()));
            }
          };
        }

        @Override
        public int size() {
          return values.size();
        }
      };
    }
  }

  private static final class ListView extends AbstractList<@Nullable Object>
      implements RandomAccess {

    private final List<?> values;

    ListView(List<?> values) {
      this.values = values;
    }

    @Override
    public @Nullable Object get(int index) {
      return of(values.get(index));
    }

    @Override
    public int size() {
      return values.size();
    }
  }
}
