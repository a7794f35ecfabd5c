package io.tally.web.problem;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds the RFC 9457 bodies of every error both services answer. Each problem has a stable
 * {@code code} (also the last segment of its {@code type}) that clients can switch on.
 */
public final class Problems {

    public static final String TYPE_BASE = "https://tally.dev/problems/";

    private Problems() {}

    public static ProblemDetail problem(HttpStatusCode status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + code));
        problem.setTitle(title);
        problem.setProperty("code", code);
        return problem;
    }

    public static ProblemDetail invalid(String detail, List<FieldError> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    /** The code of a problem that Spring produced for a bare status. */
    public static String codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "invalid-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 412 -> "version-mismatch";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 422 -> "business-rule-violated";
            case 503 -> "service-unavailable";
            default -> status.is5xxServerError() ? "internal-error" : "request-failed";
        };
    }

    /** The same problem as a plain map, for code that writes a response outside Spring MVC. */
    public static Map<String, Object> asMap(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    /** One invalid field: {@code field} is a JSON path such as {@code lines[0].quantity}. */
    public record FieldError(String field, String message) {}
}
