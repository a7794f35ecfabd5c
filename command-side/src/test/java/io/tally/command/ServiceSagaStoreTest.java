package io.tally.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.axon.processing.ProcessingConfiguration;
import io.tally.axon.sagas.BatchedSagaStore;
import io.tally.command.web.CommandSideHttpTest;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The service's saga store is axon-config's {@link BatchedSagaStore} (tested there on a schema it
 * made itself), and the schema command-side's migrations give it ({@code V1}, {@code V6}) has every
 * column of the one the store makes: the two cannot drift apart unnoticed.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServiceSagaStoreTest extends CommandSideHttpTest {

    @Autowired
    private SagaStore<Object> sagaStore;
    /** The run's superuser: the service's role may not create a schema. */
    private final DataSource owner = new DriverManagerDataSource(STORES.jdbcUrl(), STORES.user(), STORES.password());

    @Autowired
    private Serializer serializer;

    @Test
    void theServiceUsesTheBatchedSagaStore() {
        assertThat(sagaStore).isInstanceOf(BatchedSagaStore.class);
    }

    @Test
    void theMigratedSchemaHasEveryColumnTheStoreMakes() throws Exception {
        String made =
                "saga_schema_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        JdbcClient asOwner = JdbcClient.create(owner);
        asOwner.sql("CREATE SCHEMA " + made).update();
        try {
            SagaSchema schema = ProcessingConfiguration.sagaSchema(made + ".");
            new BatchedSagaStore(
                            owner::getConnection,
                            serializer,
                            schema,
                            JdbcSagaStore.builder().sqlSchema(new PostgresSagaSqlSchema(schema)))
                    .createSchema();
            for (String table : List.of("saga_entry", "association_value_entry")) {
                assertThat(columns("tally_command", table)).as(table).containsAll(columns(made, table));
            }
            assertThat(columns("tally_command", "saga_entry")).contains(BatchedSagaStore.VERSION_COLUMN + " bigint");
        } finally {
            asOwner.sql("DROP SCHEMA " + made + " CASCADE").update();
        }
    }

    private List<String> columns(String schema, String table) {
        return JdbcClient.create(owner)
                .sql("SELECT column_name || ' ' || data_type FROM information_schema.columns"
                        + " WHERE table_schema = :schema AND table_name = :table ORDER BY column_name")
                .param("schema", schema)
                .param("table", table)
                .query(String.class)
                .list();
    }
}
