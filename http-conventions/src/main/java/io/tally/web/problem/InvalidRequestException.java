package io.tally.web.problem;

import java.util.List;

/** A request that fails a check Bean Validation cannot express; answered 400 with field errors. */
public class InvalidRequestException extends RuntimeException {

    private final transient List<Problems.FieldError> errors;

    public InvalidRequestException(String field, String message) {
        super(field + ": " + message);
        this.errors = List.of(new Problems.FieldError(field, message));
    }

    public List<Problems.FieldError> errors() {
        return errors;
    }
}
