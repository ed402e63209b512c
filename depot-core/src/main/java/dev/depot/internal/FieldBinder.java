package dev.depot.internal;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.DbValue;
import dev.depot.Depot;
import dev.depot.MapEvent;
import dev.depot.MapListener;
import dev.depot.MapOptions;
import dev.depot.Stored;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Fills {@link Stored} fields, and registers their {@link Stored#listener()} methods; see
 * {@link Depot#bind(Object)}. Stateless; every field is checked before any map is opened.
 */
final class FieldBinder {
    private FieldBinder() {}

    static <T> T bind(Depot depot, T target) {
        Objects.requireNonNull(target, "target");
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Stored.class)) {
                    fields.add(f);
                }
            }
        }
        // Resolve every field before opening any map, so a bad field changes nothing.
        List<Runnable> assignments = new ArrayList<>();
        for (Field f : fields) {
            assignments.add(plan(depot, target, f));
        }
        assignments.forEach(Runnable::run);
        return target;
    }

    private static Runnable plan(Depot depot, Object target, Field f) {
        Stored stored = f.getAnnotation(Stored.class);
        String where = "field " + f.getDeclaringClass().getName() + "." + f.getName();
        if (Modifier.isStatic(f.getModifiers())) {
            throw new IllegalArgumentException(where + " is static; @Stored fields must be instance fields");
        }
        String name = stored.name().isEmpty() ? defaultName(f, where) : stored.name();
        MapOptions options = options(stored, where);
        Type type = f.getGenericType();
        if (!(type instanceof ParameterizedType p)) {
            throw new IllegalArgumentException(where + " has type " + type.getTypeName()
                    + "; @Stored fields are DbMap<K, V> or DbValue<T> with their type arguments");
        }
        Type raw = p.getRawType();
        Type[] args = p.getActualTypeArguments();
        try {
            f.setAccessible(true);
        } catch (InaccessibleObjectException e) {
            throw new IllegalArgumentException(where + " cannot be set: open its package to dev.depot.core", e);
        }
        if (raw == DbMap.class) {
            Codec<?> keys = codecFor(args[0], where, "key");
            Codec<?> values = codecFor(args[1], where, "value");
            Method listener = stored.listener().isEmpty() ? null : listenerMethod(target, stored.listener(), where);
            return () -> {
                DbMap<?, ?> map = depot.map(name, keys, values, options);
                set(f, target, map);
                if (listener != null) {
                    listen(map, target, listener);
                }
            };
        }
        if (!stored.listener().isEmpty()) {
            throw new IllegalArgumentException(where + ": listener applies to DbMap fields only");
        }
        if (raw == DbValue.class) {
            Codec<?> values = codecFor(args[0], where, "value");
            return () -> set(f, target, depot.value(name, values));
        }
        throw new IllegalArgumentException(where + " has type " + type.getTypeName() + "; @Stored fields are DbMap or DbValue");
    }

    /** The instance method {@code name(MapEvent)} of the target's class or a superclass, made callable. */
    private static Method listenerMethod(Object target, String name, String where) {
        for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 1 && m.getParameterTypes()[0] == MapEvent.class
                        && !Modifier.isStatic(m.getModifiers())) {
                    try {
                        m.setAccessible(true);
                    } catch (InaccessibleObjectException e) {
                        throw new IllegalArgumentException(where + ": listener method " + name
                                + " cannot be called: open its package to dev.depot.core", e);
                    }
                    return m;
                }
            }
        }
        throw new IllegalArgumentException(where + ": listener method '" + name + "' not found; declare an instance method "
                + name + "(MapEvent<K, V> event) in " + target.getClass().getName());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void listen(DbMap<?, ?> map, Object target, Method method) {
        MapListener listener = event -> {
            try {
                method.invoke(target, event);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        };
        ((DbMap) map).listen(listener);
    }

    private static String defaultName(Field f, String where) {
        String cls = f.getDeclaringClass().getSimpleName();
        if (cls.isEmpty()) {
            throw new IllegalArgumentException(where + " is in an anonymous class: give @Stored a name");
        }
        return cls + "_" + f.getName();
    }

    private static MapOptions options(Stored stored, String where) {
        MapOptions options = MapOptions.defaults().withWriteMode(stored.writeMode());
        if (stored.cacheTtlSeconds() < -1) {
            throw new IllegalArgumentException(where + ": cacheTtlSeconds must be -1, 0 or positive");
        }
        if (stored.cacheTtlSeconds() >= 0) {
            options = options.withCacheTtl(Duration.ofSeconds(stored.cacheTtlSeconds()));
        }
        if (stored.flushIntervalMillis() <= 0) {
            throw new IllegalArgumentException(where + ": flushIntervalMillis must be positive");
        }
        return options.withFlushInterval(Duration.ofMillis(stored.flushIntervalMillis()));
    }

    private static Codec<?> codecFor(Type t, String where, String role) {
        if (t == Long.class) {
            return Codec.LONG;
        }
        if (t == Integer.class) {
            return Codec.INT;
        }
        if (t == String.class) {
            return Codec.STRING;
        }
        if (t == byte[].class) {
            return Codec.BYTES;
        }
        if (t == UUID.class) {
            return Codec.UUID;
        }
        if (t == Instant.class) {
            return Codec.INSTANT;
        }
        if (t instanceof Class<?> c && !c.isPrimitive() && !c.isArray() && !c.isInterface()
                && !Modifier.isAbstract(c.getModifiers()) && !Collection.class.isAssignableFrom(c) && !Map.class.isAssignableFrom(c)
                && c != Object.class) {
            return Codec.json(c);
        }
        throw new IllegalArgumentException(where + ": the " + role + " type " + t.getTypeName()
                + " cannot be mapped; use Long, Integer, String, byte[], UUID, Instant, or a record or class stored as JSON");
    }

    private static void set(Field f, Object target, Object value) {
        try {
            f.set(target, value);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("cannot set field " + f.getDeclaringClass().getName() + "." + f.getName(), e);
        }
    }
}
