package io.tally.query.web;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waits for a gateway's answer and rethrows what the handler threw, not the future's wrapper. */
public final class Futures {

    private Futures() {}

    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.axonframework.queryhandling.QueryExecutionException q
                    && q.getCause() instanceof RuntimeException handlerFailure) {
                throw handlerFailure;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }
}
