package io.tally.query.bus;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.queryhandling.LoggingQueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryBusSpanFactory;
import org.axonframework.queryhandling.QueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The query bus without the transaction Axon would open around every query: query handlers only
 * read, and a transaction would take a PostgreSQL connection even for a search, so search and
 * analytics would fail whenever PostgreSQL is down although they need only Elasticsearch.
 */
@org.springframework.context.annotation.Configuration
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
class QueryBusConfiguration {

    @Bean
    @Qualifier("localSegment")
    SimpleQueryBus queryBus(Configuration axon) {
        return SimpleQueryBus.builder()
                .messageMonitor(axon.messageMonitor(QueryBus.class, "queryBus"))
                .transactionManager(NoTransactionManager.instance())
                .errorHandler(axon.getComponent(
                        QueryInvocationErrorHandler.class,
                        () -> LoggingQueryInvocationErrorHandler.builder().build()))
                .queryUpdateEmitter(axon.getComponent(QueryUpdateEmitter.class))
                .spanFactory(axon.getComponent(QueryBusSpanFactory.class))
                .build();
    }
}
