package io.tally.failures;

/**
 * A store a request needs (PostgreSQL, Elasticsearch, the card processor's ledger) did not answer;
 * over HTTP the client gets 503 with Retry-After.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String store, Throwable cause) {
        super(store + " is unavailable", cause);
    }
}
