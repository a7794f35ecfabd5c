package io.tally.axon.aggregatecache;

import io.tally.axon.eventstore.AppendAwareEventStore;
import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * A command decided on an aggregate from this instance's {@link AggregateCache} is checked
 * against the store before its answer stands. A command that appended to the aggregate needs no
 * check: its events take the next sequence numbers, and if another instance took them first the
 * append fails on the unique key and the command is retried on the stored state. A command that
 * appended nothing to it (a refusal, a no-op, a quote) asks the store for the aggregate's last
 * sequence number, one short statement; if the store is ahead of what the cache served, the answer
 * is thrown away and the command retried as a lost race ({@link StaleAggregateException}), so no
 * client is ever refused, or quoted, on state another instance has moved on from.
 */
public final class CachedAggregateCheck implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final AppendAwareEventStore events;

    CachedAggregateCheck(AppendAwareEventStore events) {
        this.events = events;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        Object result;
        try {
            result = interceptorChain.proceed();
        } catch (ConcurrencyException lost) {
            throw lost;
        } catch (Exception refused) {
            checkServedCurrent(unitOfWork);
            throw refused;
        }
        checkServedCurrent(unitOfWork);
        return result;
    }

    private void checkServedCurrent(UnitOfWork<?> unitOfWork) {
        Map<String, Long> hits = unitOfWork.getResource(AggregateCache.HITS);
        if (hits == null) {
            return;
        }
        hits.forEach((aggregate, served) -> {
            if (!events.staged(aggregate)) {
                long stored = events.lastSequenceNumberFor(aggregate).orElse(-1L);
                if (stored > served) {
                    throw new StaleAggregateException(aggregate, served, stored);
                }
            }
        });
    }
}
