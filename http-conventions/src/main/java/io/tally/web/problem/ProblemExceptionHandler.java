package io.tally.web.problem;

import io.tally.failures.StoreFailures;
import io.tally.failures.StoreUnavailableException;
import io.tally.web.input.BodySizeLimitFilter;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Turns every exception that reaches Spring MVC into problem+json: Spring's own (404, 405, 415,
 * bad JSON, validation) and the few shared ones; services add their domain exceptions in their own
 * advice. Never a stack trace in the body.
 */
@RestControllerAdvice
public class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);
    static final String RETRY_AFTER_SECONDS = "5";

    private final ProblemWriter problems;

    public ProblemExceptionHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail : ProblemDetail.forStatus(status);
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            String code = Problems.codeFor(status);
            problem.setType(URI.create(Problems.TYPE_BASE + code));
            problem.setProperty("code", code);
        }
        if (problem.getDetail() == null) {
            problem.setDetail(defaultDetail(ex, status));
        }
        return super.handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Problems.FieldError> errors = fieldErrors(ex.getBindingResult());
        return handleExceptionInternal(
                ex, Problems.invalid(summary(errors), errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Problems.FieldError> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new Problems.FieldError(
                                result.getMethodParameter().getParameterName(), error.getDefaultMessage())))
                .toList();
        return handleExceptionInternal(
                ex, Problems.invalid(summary(errors), errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        BodySizeLimitFilter.BodyTooLargeException tooLarge =
                causeOf(ex, BodySizeLimitFilter.BodyTooLargeException.class);
        if (tooLarge != null) {
            // whole, with its length, not chunked: past server.tomcat.max-swallow-size the rest of the
            // body is not read and the connection closes after this answer (issue 34, point 8)
            HttpHeaders whole = new HttpHeaders();
            whole.putAll(headers);
            whole.setContentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
            return new ResponseEntity<>(
                    problems.bytes(BodySizeLimitFilter.tooLarge(tooLarge.maxBytes())),
                    whole,
                    HttpStatus.CONTENT_TOO_LARGE);
        }
        BodySizeLimitFilter.BodyTooDeepException tooDeep = causeOf(ex, BodySizeLimitFilter.BodyTooDeepException.class);
        if (tooDeep != null) {
            return handleExceptionInternal(
                    ex, Problems.invalid(tooDeep.getMessage(), List.of()), headers, HttpStatus.BAD_REQUEST, request);
        }
        JacksonException json = causeOf(ex, JacksonException.class);
        if (json == null) {
            return handleExceptionInternal(
                    ex,
                    Problems.invalid("the request body is missing or unreadable", List.of()),
                    headers,
                    HttpStatus.BAD_REQUEST,
                    request);
        }
        String path = JsonPaths.of(json);
        String message = JsonPaths.describe(json);
        List<Problems.FieldError> errors = path.isEmpty() ? List.of() : List.of(new Problems.FieldError(path, message));
        String detail = path.isEmpty() ? message : path + ": " + message;
        return handleExceptionInternal(ex, Problems.invalid(detail, errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            org.springframework.beans.TypeMismatchException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        String field = ex.getPropertyName() != null ? ex.getPropertyName() : "parameter";
        String type = ex.getRequiredType() == null
                ? "value"
                : ex.getRequiredType().getSimpleName().toLowerCase();
        String message = "'" + ex.getValue() + "' is not a valid " + type;
        return handleExceptionInternal(
                ex,
                Problems.invalid(field + ": " + message, List.of(new Problems.FieldError(field, message))),
                headers,
                HttpStatus.BAD_REQUEST,
                request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException ex) {
        List<Problems.FieldError> errors = ex.getConstraintViolations().stream()
                .map(v -> new Problems.FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return ResponseEntity.badRequest().body(Problems.invalid(summary(errors), errors));
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException ex) {
        return ResponseEntity.badRequest().body(Problems.invalid(ex.getMessage(), ex.errors()));
    }

    @ExceptionHandler(ApiProblemException.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblemException ex) {
        return ResponseEntity.status(ex.problem().getStatus())
                .headers(ex.headers())
                .body(ex.problem());
    }

    @ExceptionHandler({
        CannotGetJdbcConnectionException.class,
        DataAccessResourceFailureException.class,
        TransientDataAccessException.class,
        StoreUnavailableException.class
    })
    ResponseEntity<ProblemDetail> storeUnavailable(Exception ex) {
        log.warn("a store is unavailable: {}", ex.getMessage());
        return unavailable("a store this service depends on is unavailable; retry shortly");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        if (isStoreUnavailable(ex)) {
            return storeUnavailable(ex);
        }
        log.error("unexpected failure", ex);
        return ResponseEntity.internalServerError()
                .body(Problems.problem(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal-error",
                        "Internal error",
                        "the request failed unexpectedly; nothing was stored"));
    }

    public static ResponseEntity<ProblemDetail> unavailable(String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(Problems.problem(
                        HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable", detail));
    }

    /** True when a failure, however wrapped, comes from a store that cannot be reached ({@link StoreFailures}). */
    public static boolean isStoreUnavailable(Throwable ex) {
        return StoreFailures.isStoreUnavailable(ex);
    }

    private static String defaultDetail(Exception ex, HttpStatusCode status) {
        return switch (status.value()) {
            case 404 -> "no such resource";
            case 405 -> ex.getMessage();
            case 415 -> "send the body as application/json";
            case 406 ->
                ex instanceof org.springframework.web.HttpMediaTypeNotAcceptableException notAcceptable
                                && !notAcceptable.getSupportedMediaTypes().isEmpty()
                        ? "this resource answers "
                                + org.springframework.http.MediaType.toString(notAcceptable.getSupportedMediaTypes())
                        : "this resource cannot answer in the media type asked for";
            default -> status instanceof HttpStatus known ? known.getReasonPhrase() : "request failed";
        };
    }

    private static List<Problems.FieldError> fieldErrors(BindingResult result) {
        return result.getFieldErrors().stream()
                .map(error -> new Problems.FieldError(error.getField(), error.getDefaultMessage()))
                .toList();
    }

    private static String summary(List<Problems.FieldError> errors) {
        if (errors.isEmpty()) {
            return "the request is invalid";
        }
        return errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    private static <T extends Throwable> T causeOf(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
