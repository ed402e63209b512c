package dev.depot.testkit.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs against a throwaway Redis: a {@code RedisServer} parameter gets the
 * JVM's shared plain server, a {@code RedisCluster} parameter its shared Cluster (each started
 * only when asked for; the TLS server comes from {@link ServerExtension#redisTls()}). Tagged
 * {@value IntegrationTest#TAG}, so it runs in {@code ./mvnw verify}, not in {@code ./mvnw test}.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@IntegrationTest
@ExtendWith(ServerExtension.SharedServers.class)
public @interface RedisTest {}
