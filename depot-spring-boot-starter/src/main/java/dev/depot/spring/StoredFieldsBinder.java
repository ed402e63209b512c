package dev.depot.spring;

import dev.depot.Depot;
import dev.depot.Stored;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Fills the {@link Stored} fields of every Spring bean through {@link Depot#bind}, before the
 * bean's init methods run, so a {@code @PostConstruct} method already sees its maps. Beans
 * without such fields are passed through untouched and never make the {@code Depot} bean be
 * created. Thread-safe.
 */
public final class StoredFieldsBinder implements BeanPostProcessor {
    private final ObjectProvider<Depot> depot;
    private final Map<Class<?>, Boolean> hasStored = new ConcurrentHashMap<>();

    /** @param depot supplies the {@code Depot} bean, asked for only when a bean has {@code @Stored} fields */
    public StoredFieldsBinder(ObjectProvider<Depot> depot) {
        this.depot = depot;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (!(bean instanceof Depot) && hasStored.computeIfAbsent(bean.getClass(), StoredFieldsBinder::declaresStored)) {
            depot.getObject().bind(bean);
        }
        return bean;
    }

    private static boolean declaresStored(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Stored.class)) {
                    return true;
                }
            }
        }
        return false;
    }
}
