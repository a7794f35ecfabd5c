package io.tally.simulator;

/** What goes wrong with one request, armed through {@code /_sim/faults} or chosen by a test token. */
enum Fault {
    /** 500 without acting. */
    ERROR,
    /** Acts, saves the answer under its key, and closes the connection without answering. */
    DROP_AFTER_APPLY,
    /** Acts, then answers only after any client gave up. */
    TIMEOUT_AFTER_APPLY,
    /** Acts and answers after {@value GatewaySimulator#SLOW_MILLIS} ms. */
    SLOW,
    /** Never answers and acts on nothing. */
    HANG
}
