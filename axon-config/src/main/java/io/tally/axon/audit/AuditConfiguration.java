package io.tally.axon.audit;

import io.tally.axon.TallyAxonProperties;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;

/** Seals of the global log; signing needs {@code tally.audit.seal-private-key}, checking the public key. */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    Seals seals(
            DataSource dataSource,
            TallyAxonProperties properties,
            @Value("${tally.audit.seal-private-key:}") String privateKey,
            @Value("${tally.audit.seal-public-key:}") String publicKey,
            @Value("${tally.audit.seal-settle:PT5S}") Duration settle,
            SealWitness witness,
            org.springframework.beans.factory.ObjectProvider<EventMac> mac,
            @Value("${tally.audit.sealer-username:}") String sealerUser,
            @Value("${tally.audit.sealer-password:}") String sealerPassword) {
        DefaultResourceLoader resources = new DefaultResourceLoader();
        return new Seals(
                dataSource,
                properties.eventSchema(),
                privateKey.isBlank() ? null : resources.getResource(privateKey),
                publicKey.isBlank() ? null : resources.getResource(publicKey),
                settle,
                witness,
                mac.getIfAvailable(),
                sealerUser.isBlank() ? null : sealer(dataSource, sealerUser, sealerPassword));
    }

    /** The sealer role's own connection (opened per seal run), on the service's database. */
    private static DataSource sealer(DataSource service, String user, String password) {
        try (java.sql.Connection connection = service.getConnection()) {
            return new org.springframework.jdbc.datasource.DriverManagerDataSource(
                    connection.getMetaData().getURL(), user, password);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL for the sealer's connection", e);
        }
    }

    /** The append key, where this service appends (command-side); query-side is given none. */
    @Bean
    @ConditionalOnExpression("'${tally.audit.event-mac-key:}' != ''")
    EventMac eventMac(@Value("${tally.audit.event-mac-key}") String location) {
        return EventMac.from(new DefaultResourceLoader().getResource(location));
    }

    /** Every seal's number and hash, also outside PostgreSQL (an append-only file unless another witness is given). */
    @Bean
    @ConditionalOnMissingBean(SealWitness.class)
    SealWitness sealWitness(@Value("${tally.audit.seal-witness:.tally/audit/seal-witness.log}") String file) {
        return new FileSealWitness(Path.of(file));
    }
}
