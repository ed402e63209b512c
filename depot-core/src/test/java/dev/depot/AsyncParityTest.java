package dev.depot;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Keeps the asynchronous API in step with the synchronous one, as Lettuce does for its APIs. */
class AsyncParityTest {
    @Test
    void everyAsyncMethodHasASynchronousTwin() {
        Set<String> sync = Arrays.stream(DbMap.class.getMethods()).map(Method::getName).collect(Collectors.toSet());
        for (Method m : DbMapAsync.class.getMethods()) {
            if (m.getName().equals("sync")) {
                continue;
            }
            assertThat(sync).as("DbMap has a method for DbMapAsync.%s", m.getName()).contains(m.getName());
        }
    }

    @Test
    void theMainSynchronousOperationsHaveAnAsyncTwin() {
        Set<String> async = Arrays.stream(DbMapAsync.class.getMethods()).map(Method::getName).collect(Collectors.toSet());
        for (String op : new String[] {"get", "getAll", "containsKey", "put", "set", "remove", "delete", "putIfAbsent",
                "replace", "compute", "merge", "putAll", "sizeLong"}) {
            assertThat(async).as("DbMapAsync.%s", op).contains(op);
        }
    }
}
