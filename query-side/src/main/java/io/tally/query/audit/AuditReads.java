package io.tally.query.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import java.time.Instant;
import java.util.List;

/**
 * Records every request to the audit API before it is answered (who, what, when) in
 * {@code audit_read}, durably (a trigger makes its commit wait for the WAL flush, Flyway V8); a
 * read that cannot be recorded is not answered.
 */
@Component
class AuditReads implements HandlerInterceptor {

    record AuditRead(long id, String principal, String method, String path, Instant readAt) {
    }

    private final JdbcClient jdbc;

    AuditReads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        String query = request.getQueryString();
        String path = request.getRequestURI() + (query == null ? "" : "?" + query);
        jdbc.sql("INSERT INTO audit_read (principal, method, path) VALUES (:principal, :method, :path)")
            .param("principal", who == null ? "anonymous" : who.getName())
            .param("method", request.getMethod())
            .param("path", path.length() > 2000 ? path.substring(0, 2000) : path)
            .update();
        return true;
    }

    List<AuditRead> after(long afterId, int limit) {
        return jdbc.sql("SELECT * FROM audit_read WHERE id > :after ORDER BY id LIMIT :limit")
                   .param("after", afterId)
                   .param("limit", limit)
                   .query((rs, row) -> new AuditRead(rs.getLong("id"), rs.getString("principal"),
                           rs.getString("method"), rs.getString("path"), rs.getTimestamp("read_at").toInstant()))
                   .list();
    }
}
