package dev.depot.testkit.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs against a throwaway MariaDB (a {@code MariaDbServer} parameter gets the JVM's shared one): tagged
 * {@value IntegrationTest#TAG}, so it runs in {@code ./mvnw verify}, not in {@code ./mvnw test}.
 * See {@link ServerExtension}.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@IntegrationTest
@ExtendWith(ServerExtension.SharedServers.class)
public @interface MariaDbTest {}
