package io.tally.query.audit;

import io.tally.axon.TallyAxonProperties;
import io.tally.axon.audit.EventHashes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Records every request to the audit API before it is answered (who, what, when) in the event
 * store's {@code audit_read}, durably (its commit waits for the WAL flush); a read that cannot be
 * recorded is not answered. The table is the event store owner's: the query role may insert and
 * read, never change or delete, and each row is chained to the one before it (Flyway V10 of the
 * event store), which {@link #firstBroken} checks. Reads recorded by an earlier release in
 * query-side's own schema are moved there once, at start.
 */
@Component
class AuditReads implements HandlerInterceptor, SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(AuditReads.class);

    record AuditRead(long id, String principal, String method, String path, Instant readAt) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final String table;
    private final String legacy;

    AuditReads(JdbcClient jdbc, PlatformTransactionManager transactions, TallyAxonProperties properties) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.table = properties.eventTable("audit_read");
        this.legacy = properties.serviceTable("audit_read");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        String query = request.getQueryString();
        String path = request.getRequestURI() + (query == null ? "" : "?" + query);
        jdbc.sql("INSERT INTO " + table + " (principal, method, path) VALUES (:principal, :method, :path)")
                .param("principal", who == null ? "anonymous" : who.getName())
                .param("method", request.getMethod())
                .param("path", path.length() > 2000 ? path.substring(0, 2000) : path)
                .update();
        return true;
    }

    List<AuditRead> after(long afterId, int limit) {
        return jdbc.sql("SELECT * FROM " + table + " WHERE id > :after ORDER BY id LIMIT :limit")
                .param("after", afterId)
                .param("limit", limit)
                .query((rs, row) -> new AuditRead(
                        rs.getLong("id"),
                        rs.getString("principal"),
                        rs.getString("method"),
                        rs.getString("path"),
                        rs.getTimestamp("read_at").toInstant()))
                .list();
    }

    /** The id of the first read whose hash or link no longer holds (a row changed or deleted by the owner). */
    Optional<Long> firstBroken() {
        String[] previous = {null};
        Long[] broken = {null};
        jdbc.sql("SELECT id, principal, method, path, to_char(read_at AT TIME ZONE 'UTC',"
                        + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS at, previous_hash, hash FROM " + table
                        + " ORDER BY id")
                .query(rs -> {
                    if (broken[0] != null) {
                        return;
                    }
                    String expected = EventHashes.sha256("tally-audit-read-v1\n" + rs.getLong("id") + "\n"
                            + rs.getString("principal") + "\n" + rs.getString("method") + "\n" + rs.getString("path")
                            + "\n" + rs.getString("at") + "\n" + (previous[0] == null ? "" : previous[0]) + "\n");
                    String link = rs.getString("previous_hash");
                    if (!expected.equals(rs.getString("hash"))
                            || !(previous[0] == null ? link == null : previous[0].equals(link))) {
                        broken[0] = rs.getLong("id");
                    }
                    previous[0] = rs.getString("hash");
                });
        return Optional.ofNullable(broken[0]);
    }

    /** Moves the reads an earlier release recorded in query-side's own schema, then drops that table. */
    @Override
    public void afterSingletonsInstantiated() {
        if (jdbc.sql("SELECT to_regclass(:name)::text")
                .param("name", legacy)
                .query(String.class)
                .optional()
                .filter(name -> name != null)
                .isEmpty()) {
            return;
        }
        try {
            Integer moved = transaction.execute(status -> {
                jdbc.sql("LOCK TABLE " + legacy + " IN ACCESS EXCLUSIVE MODE").update();
                int count = jdbc.sql("INSERT INTO " + table + " (principal, method, path, read_at)"
                                + " SELECT principal, method, path, read_at FROM " + legacy + " ORDER BY id")
                        .update();
                jdbc.sql("DROP TABLE " + legacy).update();
                return count;
            });
            log.info("moved {} recorded audit reads to {}, append-only and chained", moved, table);
        } catch (RuntimeException raced) {
            // another instance moved them first: the table is gone
            log.debug("the earlier audit reads were moved by another instance: {}", raced.getMessage());
        }
    }
}
