package io.tally.api.common;

/** Thrown when arithmetic would mix two currencies. */
public class CurrencyMismatchException extends IllegalArgumentException {

    public CurrencyMismatchException(String left, String right) {
        super("cannot combine " + left + " with " + right);
    }
}
