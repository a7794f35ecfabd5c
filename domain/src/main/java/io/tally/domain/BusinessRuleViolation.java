package io.tally.domain;

/** A command that is well formed but refused by a business rule; answered 422 with {@code code}. */
public class BusinessRuleViolation extends RuntimeException {

    private final String code;

    public BusinessRuleViolation(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
