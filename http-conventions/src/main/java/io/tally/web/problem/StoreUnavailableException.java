package io.tally.web.problem;

/** A store a request needs (PostgreSQL, Elasticsearch) did not answer; the client gets 503 with Retry-After. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String store, Throwable cause) {
        super(store + " is unavailable", cause);
    }
}
