package dev.depot.testkit;

import com.google.common.collect.testing.ConcurrentMapTestSuiteBuilder;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.MapFeature;
import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Collections;
import java.util.function.Supplier;
import java.util.stream.Stream;
import junit.framework.Test;
import junit.framework.TestCase;
import junit.framework.TestResult;
import junit.framework.TestSuite;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * guava-testlib's {@code ConcurrentMapTestSuiteBuilder} over fresh {@link DbMap}s of one store:
 * the {@code java.util.Map} and {@code ConcurrentMap} semantics that a general-purpose map with
 * null keys and values unsupported must have. Every generated test gets a map of its own.
 *
 * <p>Use from a JUnit 5 test factory (each generated test is one dynamic test):
 * <pre>{@code
 * @PostgresTest
 * class PostgresMapConformanceTest {
 *     @TestFactory
 *     Stream<DynamicNode> conformance(PostgresServer pg) {
 *         return MapConformanceSuite.tests("PostgreSQL", () -> DepotConfig.builder().url(pg.url("conformance")));
 *     }
 * }
 * }</pre>
 * or from a JUnit 4 class run by the vintage engine, with {@code @RunWith(AllTests.class)} and
 * a {@code public static Test suite()} that returns {@link #suite}.
 */
public final class MapConformanceSuite {
    private MapConformanceSuite() {}

    /**
     * The suite for one store.
     *
     * @param storeName shown in test names
     * @param config    settings of the store under test; the suite sets its own prefix
     */
    public static Test suite(String storeName, Supplier<DepotConfig.Builder> config) {
        SharedDepot shared = new SharedDepot(config);
        AtomicInteger counter = new AtomicInteger();
        TestSuite suite = ConcurrentMapTestSuiteBuilder.using(new TestStringMapGenerator() {
                    @Override
                    protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                        DbMap<String, String> map = shared.get().map("conf" + counter.incrementAndGet(), Codec.STRING, Codec.STRING);
                        for (Map.Entry<String, String> e : entries) {
                            map.put(e.getKey(), e.getValue());
                        }
                        return map;
                    }
                })
                .named(storeName + " DbMap")
                .withFeatures(MapFeature.GENERAL_PURPOSE, CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
                        CollectionSize.ANY)
                .createTestSuite();
        return suite;
    }

    /**
     * The suite for one store as JUnit 5 dynamic tests, one container per guava-testlib suite
     * and one test per generated test case; a failing case fails its dynamic test with the
     * case's own error.
     *
     * @param storeName shown in test names
     * @param config    settings of the store under test; the suite sets its own prefix
     */
    public static Stream<DynamicNode> tests(String storeName, Supplier<DepotConfig.Builder> config) {
        return Stream.of(dynamic(suite(storeName, config)));
    }

    private static DynamicNode dynamic(Test test) {
        if (test instanceof TestSuite suite) {
            return DynamicContainer.dynamicContainer(String.valueOf(suite.getName()),
                    Collections.list(suite.tests()).stream().map(MapConformanceSuite::dynamic));
        }
        String name = test instanceof TestCase c ? c.getName() : test.toString();
        return DynamicTest.dynamicTest(name, () -> {
            TestResult result = new TestResult();
            test.run(result);
            if (result.errorCount() > 0) {
                throw result.errors().nextElement().thrownException();
            }
            if (result.failureCount() > 0) {
                throw result.failures().nextElement().thrownException();
            }
        });
    }

    /** One Depot for the whole suite, opened on first use with a fresh prefix, closed at JVM exit. */
    private static final class SharedDepot {
        private final Supplier<DepotConfig.Builder> config;
        private Depot depot;

        SharedDepot(Supplier<DepotConfig.Builder> config) {
            this.config = config;
        }

        synchronized Depot get() {
            if (depot == null) {
                depot = Depot.open(config.get().prefix(TestPrefixes.fresh("conf")).build());
                Depot opened = depot;
                Runtime.getRuntime().addShutdownHook(new Thread(opened::close));
            }
            return depot;
        }
    }
}
