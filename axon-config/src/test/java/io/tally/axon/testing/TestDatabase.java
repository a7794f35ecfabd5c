package io.tally.axon.testing;

import io.tally.dev.TestStores;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A schema of its own on the run's PostgreSQL, for axon-config's tests of one store or engine
 * without either service: made fresh, dropped after. The stores create their own tables in it
 * ({@code createSchema()}, as Axon's stores do), or Flyway migrates it.
 */
public final class TestDatabase implements AutoCloseable {

    private final DataSource dataSource;
    private final String schema;

    private TestDatabase(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
    }

    /** A new, empty schema named {@code prefix_<random>}. */
    public static TestDatabase freshSchema(String prefix) {
        TestStores stores = TestStores.get();
        DataSource dataSource = new DriverManagerDataSource(stores.jdbcUrl(), stores.user(), stores.password());
        String schema =
                prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        new JdbcTemplate(dataSource).execute("CREATE SCHEMA " + schema);
        return new TestDatabase(dataSource, schema);
    }

    /** Connections as the run's superuser, one per call (no pool). */
    public DataSource dataSource() {
        return dataSource;
    }

    public String schema() {
        return schema;
    }

    public JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource);
    }

    @Override
    public void close() {
        jdbc().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
}
