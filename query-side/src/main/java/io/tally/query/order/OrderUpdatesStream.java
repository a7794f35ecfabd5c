package io.tally.query.order;

import io.tally.api.order.FindOrderQuery;
import io.tally.api.order.OrderView;
import io.tally.web.limits.CallerLimits;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import reactor.core.Disposable;

/**
 * Streams an order as Server-Sent Events: its current state, then each change once, in order,
 * until it reaches a final state (SHIPPED, REJECTED, CANCELLED) and the stream closes. Changes
 * arrive through an Axon subscription query; a poll of the read model every {@code poll} covers
 * changes projected by another query-side instance, whose updates this one does not see.
 */
@Component
class OrderUpdatesStream {

    private static final Logger log = LoggerFactory.getLogger(OrderUpdatesStream.class);

    private final QueryGateway queries;
    private final Duration timeout;
    private final Duration poll;
    /** How often an idle stream sends an SSE comment, so a client that went away is noticed and its slot freed. */
    private final Duration heartbeat;

    private final ScheduledExecutorService polls = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "order-updates-poll");
        thread.setDaemon(true);
        return thread;
    });

    OrderUpdatesStream(
            QueryGateway queries,
            @Value("${tally.orders.updates-timeout:PT30M}") Duration timeout,
            @Value("${tally.orders.updates-poll:PT1S}") Duration poll,
            @Value("${tally.orders.updates-heartbeat:PT15S}") Duration heartbeat) {
        this.queries = queries;
        this.timeout = timeout;
        this.poll = poll;
        this.heartbeat = heartbeat;
    }

    /**
     * The stream of {@code orderId}, or empty when there is no such order; {@code permit} (the
     * caller's stream limit) is released when the stream closes, or at once when there is none.
     */
    Optional<SseEmitter> open(String orderId, CallerLimits.Permit permit) {
        SubscriptionQueryResult<Optional<OrderView>, OrderView> result;
        Optional<OrderView> initial;
        try {
            result = queries.subscriptionQuery(
                    new FindOrderQuery(orderId),
                    ResponseTypes.optionalInstanceOf(OrderView.class),
                    ResponseTypes.instanceOf(OrderView.class));
            initial = result.initialResult().block(Duration.ofSeconds(10));
            if (initial == null || initial.isEmpty()) {
                result.cancel();
                permit.close();
                return Optional.empty();
            }
        } catch (RuntimeException e) {
            permit.close();
            throw e;
        }
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Stream stream = new Stream(emitter, result, permit);
        stream.send(initial.get());
        if (!stream.closed) {
            Disposable updates = result.updates().subscribe(stream::send, stream::fail);
            ScheduledFuture<?> polling = polls.scheduleWithFixedDelay(
                    () -> stream.poll(orderId), poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
            ScheduledFuture<?> beating = polls.scheduleWithFixedDelay(
                    stream::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
            stream.onClose(() -> {
                updates.dispose();
                polling.cancel(false);
                beating.cancel(false);
            });
        }
        return Optional.of(emitter);
    }

    private final class Stream {
        private final SseEmitter emitter;
        private final SubscriptionQueryResult<?, ?> result;
        private final AtomicReference<OrderView> last = new AtomicReference<>();
        private volatile boolean closed;
        private volatile Runnable onClose = () -> {};
        private final CallerLimits.Permit permit;

        Stream(SseEmitter emitter, SubscriptionQueryResult<?, ?> result, CallerLimits.Permit permit) {
            this.emitter = emitter;
            this.result = result;
            this.permit = permit;
            emitter.onCompletion(this::close);
            emitter.onTimeout(this::close);
            emitter.onError(error -> close());
        }

        void onClose(Runnable action) {
            this.onClose = action;
            if (closed) {
                action.run();
            }
        }

        /** Sends a view newer than the last one sent; subscription and poll may both deliver it. */
        synchronized void send(OrderView view) {
            OrderView previous = last.get();
            if (closed || (previous != null && (view.version() < previous.version() || view.equals(previous)))) {
                return;
            }
            try {
                emitter.send(SseEmitter.event()
                        .name("order")
                        .id(String.valueOf(view.version()))
                        .data(view));
                last.set(view);
                if (OrderUpdates.isFinal(view)) {
                    emitter.complete();
                    close();
                }
            } catch (IOException | IllegalStateException gone) {
                close();
            }
        }

        /** An SSE comment: a write to a client that went away fails, and the stream closes. */
        synchronized void heartbeat() {
            if (closed) {
                return;
            }
            try {
                emitter.send(SseEmitter.event().comment("keep-alive"));
            } catch (IOException | IllegalStateException gone) {
                close();
            }
        }

        void poll(String orderId) {
            try {
                queries.query(new FindOrderQuery(orderId), ResponseTypes.optionalInstanceOf(OrderView.class))
                        .join()
                        .ifPresent(this::send);
            } catch (RuntimeException e) {
                log.debug("polling order {} failed: {}", orderId, e.getMessage());
            }
        }

        void fail(Throwable error) {
            log.debug("order updates failed: {}", error.getMessage());
            emitter.completeWithError(error);
            close();
        }

        private void close() {
            if (!closed) {
                closed = true;
                permit.close();
                result.cancel();
                onClose.run();
            }
        }
    }
}
