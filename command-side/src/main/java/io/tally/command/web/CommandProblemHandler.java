package io.tally.command.web;

import static io.tally.web.problem.ProblemExceptionHandler.unavailable;

import io.tally.domain.BusinessRuleViolation;
import io.tally.domain.InvalidCommandException;
import io.tally.domain.VersionMismatchException;
import io.tally.web.problem.Problems;
import java.util.List;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps what aggregates and the event store refuse to the statuses API.md gives them. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CommandProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(CommandProblemHandler.class);

    @ExceptionHandler(BusinessRuleViolation.class)
    ResponseEntity<ProblemDetail> businessRule(BusinessRuleViolation ex) {
        return ResponseEntity.unprocessableContent()
                .body(Problems.problem(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        ex.code(),
                        "Business rule refused the command",
                        ex.getMessage()));
    }

    /** Exact arithmetic that would overflow anywhere a rule did not catch it first: refused, never 500. */
    @ExceptionHandler(ArithmeticException.class)
    ResponseEntity<ProblemDetail> overflow(ArithmeticException ex) {
        return ResponseEntity.unprocessableContent()
                .body(Problems.problem(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "amount-out-of-range",
                        "Business rule refused the command",
                        "the amounts or quantities are beyond what Tally computes exactly; nothing was stored"));
    }

    @ExceptionHandler(InvalidCommandException.class)
    ResponseEntity<ProblemDetail> invalidCommand(InvalidCommandException ex) {
        return ResponseEntity.badRequest()
                .body(Problems.invalid(
                        ex.field() + ": " + ex.getMessage(),
                        List.of(new Problems.FieldError(ex.field(), ex.getMessage()))));
    }

    @ExceptionHandler(VersionMismatchException.class)
    ResponseEntity<ProblemDetail> versionMismatch(VersionMismatchException ex) {
        ProblemDetail problem = Problems.problem(
                HttpStatus.PRECONDITION_FAILED, "version-mismatch", "Version mismatch", ex.getMessage());
        problem.setProperty("currentVersion", ex.currentVersion());
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED)
                .eTag(String.valueOf(ex.currentVersion()))
                .body(problem);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException ex) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Problems.problem(
                        HttpStatus.NOT_FOUND,
                        "not-found",
                        "Not found",
                        "nothing exists with id " + ex.getAggregateIdentifier()));
    }

    @ExceptionHandler(AggregateStreamCreationException.class)
    ResponseEntity<ProblemDetail> duplicate(AggregateStreamCreationException ex) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(Problems.problem(
                        HttpStatus.CONFLICT, "duplicate-id", "Duplicate id", "something with this id already exists"));
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrentChange(ConcurrencyException ex) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(Problems.problem(
                        HttpStatus.CONFLICT,
                        "concurrent-modification",
                        "Concurrent modification",
                        "another command changed this aggregate at the same moment; retry"));
    }

    /** A forged history: not the store being down (no retry helps), the owner must deal with it (docs/audit.md). */
    @ExceptionHandler(io.tally.axon.eventstore.UnauthenticatedEventException.class)
    ResponseEntity<ProblemDetail> historyRefused(io.tally.axon.eventstore.UnauthenticatedEventException ex) {
        return ResponseEntity.internalServerError()
                .body(Problems.problem(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "history-unauthenticated",
                        "History refused",
                        "this aggregate's stored history holds an event this"
                                + " service did not append; it takes no command until the operator deals with it; nothing was"
                                + " stored"));
    }

    @ExceptionHandler(EventStoreException.class)
    ResponseEntity<ProblemDetail> eventStoreDown(EventStoreException ex) {
        log.warn("the event store refused an append: {}", ex.getMessage());
        return unavailable("the event store is unavailable; nothing was stored, retry shortly");
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> remoteFailure(CommandExecutionException ex) {
        log.error("command failed on a remote handler", ex);
        return ResponseEntity.internalServerError()
                .body(Problems.problem(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal-error",
                        "Internal error",
                        "the command failed unexpectedly"));
    }
}
