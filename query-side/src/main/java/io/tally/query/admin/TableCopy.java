package io.tally.query.admin;

import static io.tally.query.admin.Replays.qualified;
import static io.tally.query.admin.Replays.quoted;

import io.tally.query.projection.ReadModel;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A PostgreSQL read model's copy: tables of the same shape in {@code <query schema>_rebuild},
 * swapped in by dropping the live tables and moving the copies into the query schema, all in the
 * transaction that hands the copy's token to the live processor.
 */
final class TableCopy implements ReadModelCopy {

    private final ReadModel model;
    private final JdbcTemplate jdbc;
    private final String schema;
    private final String rebuildSchema;

    TableCopy(ReadModel model, JdbcTemplate jdbc, String schema, String rebuildSchema) {
        this.model = model;
        this.jdbc = jdbc;
        this.schema = schema;
        this.rebuildSchema = rebuildSchema;
    }

    @Override
    public void prepare() {
        jdbc.execute("CREATE SCHEMA IF NOT EXISTS " + quoted(rebuildSchema));
        for (String table : model.tables()) {
            jdbc.execute("DROP TABLE IF EXISTS " + qualified(rebuildSchema, table));
            jdbc.execute("CREATE TABLE " + qualified(rebuildSchema, table) + " (LIKE " + qualified(schema, table)
                    + " INCLUDING ALL)");
        }
    }

    @Override
    public void swap() {
        for (String table : model.tables()) {
            jdbc.execute("DROP TABLE " + qualified(schema, table));
            jdbc.execute("ALTER TABLE " + qualified(rebuildSchema, table) + " SET SCHEMA " + quoted(schema));
        }
    }

    @Override
    public void afterSwap() {
        // the old tables went with the swap's transaction
    }

    @Override
    public void cleanUp() {
        for (String table : model.tables()) {
            jdbc.execute("DROP TABLE IF EXISTS " + qualified(rebuildSchema, table));
        }
    }
}
