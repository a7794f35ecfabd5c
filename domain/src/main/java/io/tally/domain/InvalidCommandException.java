package io.tally.domain;

/** A command whose field breaks a format rule that the HTTP layer should have caught; answered 400. */
public class InvalidCommandException extends RuntimeException {

    private final String field;

    public InvalidCommandException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
