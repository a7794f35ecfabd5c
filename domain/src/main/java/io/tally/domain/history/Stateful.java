package io.tally.domain.history;

/** An aggregate that shows its state the way its command answers do; the audit API's past states use it. */
public interface Stateful {

    Object state();
}
