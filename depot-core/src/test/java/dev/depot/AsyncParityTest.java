package dev.depot;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the asynchronous API in step with the synchronous one, as Lettuce does for its APIs:
 * full signatures, not names. The async twin of {@code R name(P1, P2)} on {@link DbMap} is
 * {@code CompletableFuture<R> name(P1, P2)} on {@link DbMapAsync} (a primitive {@code R} boxed,
 * {@code void} as {@code Void}), with generic parameter types compared as written. One allowance:
 * {@code java.util.Map}'s pre-generics {@code Object key} (get, containsKey, remove) is {@code K}
 * in the async API.
 */
class AsyncParityTest {
    private static final Map<String, String> BOXED = Map.of("boolean", "java.lang.Boolean", "long", "java.lang.Long",
            "int", "java.lang.Integer", "void", "java.lang.Void");

    /** {@code name(P1, P2) -> R} as the method is declared, generics included. */
    private static String signature(Method m) {
        return m.getName() + parameters(m, false) + " -> " + m.getGenericReturnType().getTypeName();
    }

    /** The signature the async twin of the synchronous {@code m} must have. */
    private static String asyncTwinSignature(Method m) {
        String result = m.getGenericReturnType().getTypeName();
        return m.getName() + parameters(m, true) + " -> " + CompletableFuture.class.getName() + "<"
                + BOXED.getOrDefault(result, result) + ">";
    }

    private static String parameters(Method m, boolean untypedKeyIsK) {
        return Arrays.stream(m.getGenericParameterTypes()).map(Type::getTypeName)
                .map(t -> untypedKeyIsK && t.equals("java.lang.Object") ? "K" : t)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static Set<String> asyncTwinsOfTheSynchronousApi() {
        return Arrays.stream(DbMap.class.getMethods()).filter(m -> !m.isSynthetic())
                .map(AsyncParityTest::asyncTwinSignature).collect(Collectors.toSet());
    }

    private static Set<String> asyncSignatures() {
        return Arrays.stream(DbMapAsync.class.getMethods()).filter(m -> !m.isSynthetic())
                .map(AsyncParityTest::signature).collect(Collectors.toSet());
    }

    @Test
    void everyAsyncMethodHasASynchronousTwin() {
        Set<String> twins = asyncTwinsOfTheSynchronousApi();
        for (Method m : DbMapAsync.class.getMethods()) {
            if (m.getName().equals("sync")) {
                assertThat(m.getGenericReturnType().getTypeName()).isEqualTo(DbMap.class.getName() + "<K, V>");
                continue;
            }
            assertThat(twins).as("DbMap has the synchronous twin of DbMapAsync.%s", signature(m)).contains(signature(m));
        }
    }

    @Test
    void theMainSynchronousOperationsHaveAnAsyncTwin() {
        Set<String> async = asyncSignatures();
        for (String op : new String[] {"get", "getAll", "containsKey", "put", "set", "remove", "delete", "putIfAbsent",
                "replace", "compute", "merge", "putAll", "sizeLong"}) {
            Set<String> wanted = Arrays.stream(DbMap.class.getMethods()).filter(m -> m.getName().equals(op))
                    .map(AsyncParityTest::asyncTwinSignature).filter(async::contains).collect(Collectors.toSet());
            assertThat(wanted).as("DbMapAsync.%s with the signature of a DbMap.%s", op, op).isNotEmpty();
        }
    }

    @Test
    void aChangedParameterOrReturnTypeIsCaught() throws NoSuchMethodException {
        Method put = DbMap.class.getMethod("put", Object.class, Object.class);
        assertThat(asyncTwinSignature(put)).isEqualTo("put(K, V) -> java.util.concurrent.CompletableFuture<V>");
        Method sizeLong = DbMap.class.getMethod("sizeLong");
        assertThat(asyncTwinSignature(sizeLong)).isEqualTo("sizeLong() -> java.util.concurrent.CompletableFuture<java.lang.Long>");
        assertThat(asyncSignatures()).contains("replace(K, V, V) -> java.util.concurrent.CompletableFuture<java.lang.Boolean>")
                .doesNotContain("replace(K, V) -> java.util.concurrent.CompletableFuture<V>");
    }

    /**
     * {@code listen} is on {@link DbMap} only: registering a listener does no I/O, so there is
     * nothing to wait for, and events already arrive on their own thread.
     */
    @Test
    void listenHasNoAsyncTwinByDesign() {
        assertThat(Arrays.stream(DbMap.class.getMethods()).map(Method::getName)).contains("listen");
        assertThat(Arrays.stream(DbMapAsync.class.getMethods()).map(Method::getName)).doesNotContain("listen");
    }
}
