package io.tally.command.fulfillment;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Rewrites the deadlines an earlier release scheduled (Java-serialised {@code task_data}) as the
 * JSON {@link DeadlineDataSerializer} reads, once, before the scheduler starts. A row that is not
 * a deadline's details (a class the filter refuses: a planted gadget) is never run: it is logged
 * and its data replaced by JSON no deadline can be made of, so the scheduler's read fails and the
 * row is kept for whoever investigates.
 */
final class DeadlineDataMigration {

    private static final Logger log = LoggerFactory.getLogger(DeadlineDataMigration.class);

    private DeadlineDataMigration() {}

    static int migrate(JdbcClient jdbc, String table) {
        List<Map<String, Object>> rows = jdbc.sql("SELECT task_name, task_instance, task_data FROM " + table
                        + " WHERE substring(task_data FROM 1 FOR 2) = '\\xaced'::bytea")
                .query()
                .listOfRows();
        DeadlineDataSerializer json = new DeadlineDataSerializer();
        int migrated = 0;
        for (Map<String, Object> row : rows) {
            byte[] data = (byte[]) row.get("task_data");
            byte[] rewritten;
            try {
                rewritten = json.serialize(DeadlineDataSerializer.fromJavaSerialised(data));
                migrated++;
            } catch (IOException | RuntimeException refused) {
                log.error(
                        "scheduled task {}/{} holds Java-serialised data that is not a deadline ({}): refused,"
                                + " never run",
                        row.get("task_name"),
                        row.get("task_instance"),
                        refused.toString());
                rewritten = "{\"refused\":\"java-serialised data that is not a deadline\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            jdbc.sql("UPDATE " + table + " SET task_data = :data WHERE task_name = :name AND task_instance = :id")
                    .param("data", rewritten)
                    .param("name", row.get("task_name"))
                    .param("id", row.get("task_instance"))
                    .update();
        }
        if (!rows.isEmpty()) {
            log.info("rewrote {} of {} Java-serialised scheduled deadlines as JSON", migrated, rows.size());
        }
        return migrated;
    }
}
