package dev.depot.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class, or one test method, that starts servers, child JVMs or other programs of its
 * own, or is otherwise too slow for the unit tests: tagged {@value #TAG}, so Maven runs it with
 * failsafe in {@code ./mvnw verify} and leaves it out of the unit tests of {@code ./mvnw test}. Classes that use a shared server take {@link PostgresTest},
 * {@link RedisTest} and the like instead, which are annotated with this one.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag(IntegrationTest.TAG)
public @interface IntegrationTest {
    /** The JUnit tag of integration tests, the one the build's {@code groups}/{@code excludedGroups} name. */
    String TAG = "integration";
}
