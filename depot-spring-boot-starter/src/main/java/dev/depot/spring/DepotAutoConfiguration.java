package dev.depot.spring;

import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.LeaseListener;
import dev.depot.MigrationListener;
import dev.depot.micrometer.DepotMetrics;
import dev.depot.spi.DepotObserver;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Auto-configuration of Depot in a Spring Boot application: a {@link DepotConfig} from the
 * environment with the {@code depot.*} properties over it ({@link DepotProperties}), a
 * {@link Depot} bean opened from it and closed with the context, the {@code @Stored} fields of
 * beans filled ({@link StoredFieldsBinder}, off with {@code depot.bind-stored-fields=false}), and,
 * with actuator's health support present, the {@code depot} health component
 * ({@link DepotHealthIndicator}), and with Micrometer present Depot's meters in the application's
 * registry ({@code depot-micrometer}). An application's own {@code DepotConfig} or {@code Depot} bean
 * replaces the one made here.
 */
@AutoConfiguration
@EnableConfigurationProperties(DepotProperties.class)
public class DepotAutoConfiguration {

    /** {@link DepotConfig#fromEnv()} with the {@code depot.*} properties and listener beans applied. */
    @Bean
    @ConditionalOnMissingBean
    public DepotConfig depotConfig(DepotProperties properties, ObjectProvider<LeaseListener> leaseListener,
                                   ObjectProvider<MigrationListener> migrationListener,
                                   ObjectProvider<DepotObserver> observer) {
        DepotConfig.Builder b = properties.applyTo(DepotConfig.fromEnv());
        leaseListener.ifAvailable(b::leaseListener);
        migrationListener.ifAvailable(b::migrationListener);
        observer.ifAvailable(b::observer);
        return b.build();
    }

    /**
     * The Depot, opened with the context and closed with it. With
     * {@code depot.use-application-data-source=true} it is opened over the application's
     * {@code DataSource} bean ({@link Depot#open(DepotConfig, DataSource)}), which it never closes.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Depot depot(DepotConfig config, DepotProperties properties, ObjectProvider<DataSource> dataSource) {
        if (properties.isUseApplicationDataSource()) {
            return Depot.open(config, dataSource.getObject());
        }
        return Depot.open(config);
    }

    /** Static, as a bean post-processor must be: it asks for the Depot only when a bean has {@code @Stored} fields. */
    @Bean
    @ConditionalOnBooleanProperty(name = "depot.bind-stored-fields", matchIfMissing = true)
    public static StoredFieldsBinder depotStoredFieldsBinder(ObjectProvider<Depot> depot) {
        return new StoredFieldsBinder(depot);
    }

    /**
     * Depot's meters (and its pools' and Lettuce's) in the application's {@link MeterRegistry},
     * when Micrometer and depot-micrometer are on the class path and the application has a registry
     * (actuator's metrics make one); an application's own {@link DepotObserver} bean replaces it.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry", "dev.depot.micrometer.DepotMetrics"})
    static class Metrics {
        @Bean
        @ConditionalOnMissingBean(DepotObserver.class)
        DepotObserver depotMetrics(ObjectProvider<MeterRegistry> registry) {
            MeterRegistry r = registry.getIfAvailable();
            return r == null ? DepotObserver.NONE : DepotMetrics.of(r);
        }
    }

    /** The health component, only when actuator's health support is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "depotHealthIndicator")
        DepotHealthIndicator depotHealthIndicator(Depot depot) {
            return new DepotHealthIndicator(depot);
        }
    }
}
