package io.tally.query.admin;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.tally.axon.TallyAxonProperties;
import io.tally.formats.tokens.TokenPosition;
import io.tally.query.projection.ProjectionWrites;
import io.tally.query.projection.ReadModel;
import io.tally.query.search.IndexNames;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replays one projection without downtime ({@link TableCopy} for PostgreSQL read models,
 * {@link IndexCopy} for Elasticsearch ones). A second processor ({@code <name>-rebuild}, one segment)
 * runs the projection's handlers from the first event into a copy: PostgreSQL tables of the same
 * shape in the schema {@code <query schema>_rebuild}, or a new Elasticsearch index behind the alias
 * {@code <alias>-rebuild}. Queries keep reading the current copy. Once the copy is within one batch
 * of the head, the live processor pauses on this instance and, in one PostgreSQL transaction, the
 * old tables are dropped and the new ones moved into the query schema (Elasticsearch: one alias
 * update), and the live processor's tokens are set to where the copy got to; it then resumes from
 * there, on the new copy. The swap only goes ahead when no instance holds a claim on the live
 * processor's segments (the claims are locked in the same transaction), so another instance's
 * half-written batch can never land in the old copy after its position was handed over.
 */
@Component
public class Replays {

    private static final Logger log = LoggerFactory.getLogger(Replays.class);
    private static final long CAUGHT_UP = 500;
    private static final Duration POLL = Duration.ofMillis(250);

    /** How the last replay of a projection ended on this instance. */
    public record ReplayReport(
            Instant startedAt,
            @Nullable Instant finishedAt,
            String outcome,
            long events,
            @Nullable Double eventsPerSecond,
            @Nullable String detail) {}

    /** A replay in progress: where the copy is, and how fast it got there. */
    public record Progress(long position, Instant startedAt, long startPosition) {

        /** Seconds left at the average rate so far, or null before there is a rate. */
        Long etaSeconds(long head) {
            double seconds = Duration.between(startedAt, Instant.now()).toMillis() / 1000.0;
            long done = position - startPosition;
            if (done <= 0 || seconds <= 0) {
                return null;
            }
            return Math.round(Math.max(0, head - position) / (done / seconds));
        }
    }

    private final Map<String, ReadModel> models;
    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final ReplayConnections connections;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ElasticsearchClient elasticsearch;
    private final IndexNames indices;
    private final Serializer serializer;
    private final String schema;
    private final String rebuildSchema;
    private final String eventTable;
    private final Map<String, Run> running = new ConcurrentHashMap<>();
    private final Map<String, ReplayReport> reports = new ConcurrentHashMap<>();

    Replays(
            List<ReadModel> models,
            EventProcessingConfiguration processing,
            EventStore eventStore,
            DataSource dataSource,
            ReplayConnections connections,
            PlatformTransactionManager transactionManager,
            ElasticsearchClient elasticsearch,
            IndexNames indices,
            Serializer serializer,
            TallyAxonProperties properties) {
        this.models = models.stream().collect(Collectors.toMap(ReadModel::name, Function.identity()));
        this.processing = processing;
        this.eventStore = eventStore;
        this.connections = connections;
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(transactionManager);
        this.elasticsearch = elasticsearch;
        this.indices = indices;
        this.serializer = serializer;
        this.schema = properties.serviceSchema();
        this.rebuildSchema = schema + "_rebuild";
        this.eventTable = properties.eventSchema() + ".domain_event_entry";
    }

    /** No projection has this name. */
    public static final class UnknownProjectionException extends RuntimeException {
        UnknownProjectionException(String name) {
            super("no projection " + name);
        }
    }

    /** The projection is being replayed already, on this instance. */
    public static final class ReplayRunningException extends RuntimeException {
        ReplayRunningException(String name) {
            super("projection " + name + " is being replayed already");
        }
    }

    /**
     * Starts a replay of {@code name}.
     *
     * @throws UnknownProjectionException for a name that is no projection
     * @throws ReplayRunningException     while one is running
     */
    public ReplayReport start(String name) {
        ReadModel model = models.get(name);
        if (model == null || processing.eventProcessor(name).isEmpty()) {
            throw new UnknownProjectionException(name);
        }
        Run run = new Run(model);
        if (running.putIfAbsent(name, run) != null) {
            throw new ReplayRunningException(name);
        }
        Thread thread = new Thread(run, "replay-" + name);
        thread.setDaemon(true);
        thread.start();
        return new ReplayReport(run.startedAt, null, "running", 0, null, null);
    }

    public boolean replaying(String name) {
        return running.containsKey(name);
    }

    /** The copy's progress while {@code name} is replaying. */
    public Optional<Progress> progress(String name) {
        Run run = running.get(name);
        return run == null
                ? Optional.empty()
                : Optional.of(new Progress(run.position, run.startedAt, run.startPosition));
    }

    public Optional<ReplayReport> lastReport(String name) {
        return Optional.ofNullable(reports.get(name));
    }

    @PreDestroy
    void stopAll() {
        running.values().forEach(Run::cancel);
    }

    private final class Run implements Runnable {

        private final ReadModel model;
        private final String processorName;
        private final Instant startedAt = Instant.now();
        private volatile long position = -1;
        private volatile long startPosition = -1;
        private volatile boolean cancelled;
        private DataSource copyDataSource;
        private final ReadModelCopy target;
        private TrackingEventProcessor copy;

        Run(ReadModel model) {
            this.model = model;
            this.processorName = model.name() + "-rebuild";
            this.target = model.searchIndex()
                    ? new IndexCopy(model, elasticsearch, indices, startedAt)
                    : new TableCopy(model, jdbc, schema, rebuildSchema);
        }

        void cancel() {
            cancelled = true;
        }

        @Override
        public void run() {
            String outcome = "failed";
            String detail = null;
            try {
                log.info("replaying {} into a copy", model.name());
                prepare();
                startCopy();
                awaitCaughtUp();
                swap();
                outcome = "swapped";
                log.info("replay of {} swapped in after {} events", model.name(), position + 1);
            } catch (Exception e) {
                detail = e.getMessage();
                log.warn("replay of {} failed: {}", model.name(), e.toString());
            } finally {
                cleanUp();
                Instant finishedAt = Instant.now();
                double seconds = Duration.between(startedAt, finishedAt).toMillis() / 1000.0;
                reports.put(
                        model.name(),
                        new ReplayReport(
                                startedAt,
                                finishedAt,
                                outcome,
                                position + 1,
                                seconds > 0 ? Math.round((position + 1) / seconds * 10) / 10.0 : null,
                                detail));
                running.remove(model.name());
                target.afterSwap();
            }
        }

        /** An empty copy and no token: whatever an earlier, unfinished replay left is thrown away. */
        private void prepare() throws IOException {
            jdbc.update("DELETE FROM " + qualified(schema, "token_entry") + " WHERE processor_name = ?", processorName);
            target.prepare();
        }

        private void startCopy() {
            // unqualified names find the copy's tables first, everything else (tokens) in the query schema
            copyDataSource = connections.open("replay-" + model.name(), quoted(rebuildSchema) + ", " + quoted(schema));
            DataSourceTransactionManager copyTransactions = new DataSourceTransactionManager(copyDataSource);
            Object handlers = model.handlers()
                    .apply(new ReadModel.Target(
                            ProjectionWrites.batched(new NamedParameterJdbcTemplate(copyDataSource)),
                            indices.rebuild()));
            copy = TrackingEventProcessor.builder()
                    .name(processorName)
                    .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                            .eventHandlers(handlers)
                            .build())
                    .messageSource((StreamableMessageSource) eventStore)
                    .tokenStore(JdbcTokenStore.builder()
                            .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(
                                    new SpringDataSourceConnectionProvider(copyDataSource)))
                            .serializer(serializer)
                            .schema(TokenSchema.builder()
                                    .setTokenTable(qualified(schema, "token_entry"))
                                    .setProcessorNameColumn("processor_name")
                                    .setTokenTypeColumn("token_type")
                                    .build())
                            .build())
                    .transactionManager(new SpringTransactionManager(copyTransactions))
                    .trackingEventProcessorConfiguration(
                            TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                    .andBatchSize(500)
                                    .andInitialTrackingToken(StreamableMessageSource::createTailToken))
                    .build();
            copy.start();
        }

        private void awaitCaughtUp() throws InterruptedException {
            while (true) {
                if (cancelled) {
                    throw new IllegalStateException("the query side is shutting down");
                }
                Thread.sleep(POLL.toMillis());
                readPosition();
                long head = head();
                if (position >= 0 && head - position <= CAUGHT_UP) {
                    return;
                }
            }
        }

        private void readPosition() {
            List<byte[]> tokens = jdbc.query(
                    "SELECT token FROM " + qualified(schema, "token_entry") + " WHERE processor_name = ?",
                    (rs, row) -> rs.getBytes(1),
                    processorName);
            if (!tokens.isEmpty()) {
                long reached = TokenPosition.of(tokens.get(0));
                if (startPosition < 0) {
                    startPosition = reached;
                }
                position = reached;
            }
        }

        /** Pauses the live processor here, hands the copy over in one transaction, resumes. */
        private void swap() throws Exception {
            copy.shutDown();
            readPosition();
            EventProcessor live = processing.eventProcessor(model.name()).orElseThrow();
            for (int attempt = 1; ; attempt++) {
                ((StreamingEventProcessor) live).shutDown();
                try {
                    if (handOver()) {
                        return;
                    }
                } finally {
                    live.start();
                }
                if (attempt == 20 || cancelled) {
                    throw new IllegalStateException("another instance kept a claim on " + model.name()
                            + "; stop its processor or retry the replay");
                }
                Thread.sleep(500);
            }
        }

        private boolean handOver() throws IOException {
            String tokens = qualified(schema, "token_entry");
            Boolean done = transactions.execute(status -> {
                // the swap is not derived from the log: it waits for the flush, unlike projection writes
                jdbc.execute("SET LOCAL synchronous_commit = on");
                List<String> owners = jdbc.query(
                        "SELECT owner FROM " + tokens + " WHERE processor_name = ? FOR UPDATE",
                        (rs, row) -> rs.getString(1),
                        model.name());
                if (owners.stream().anyMatch(owner -> owner != null)) {
                    status.setRollbackOnly();
                    return false;
                }
                Map<String, Object> copied = jdbc.queryForMap(
                        "SELECT token, token_type FROM " + tokens + " WHERE processor_name = ? FOR UPDATE",
                        processorName);
                target.swap();
                jdbc.update(
                        "UPDATE " + tokens + " SET token = ?, token_type = ?, owner = NULL, timestamp = ?"
                                + " WHERE processor_name = ?",
                        copied.get("token"),
                        copied.get("token_type"),
                        Instant.now().toString(),
                        model.name());
                jdbc.update("DELETE FROM " + tokens + " WHERE processor_name = ?", processorName);
                return true;
            });
            return Boolean.TRUE.equals(done);
        }

        private void cleanUp() {
            if (copy != null) {
                copy.shutDown();
            }
            if (copyDataSource != null) {
                connections.close(copyDataSource);
            }
            try {
                jdbc.update(
                        "DELETE FROM " + qualified(schema, "token_entry") + " WHERE processor_name = ?", processorName);
                target.cleanUp();
            } catch (Exception e) {
                log.warn("cleaning up after the replay of {}: {}", model.name(), e.toString());
            }
        }
    }

    private long head() {
        Long head = jdbc.queryForObject("SELECT coalesce(max(global_index), -1) FROM " + eventTable, Long.class);
        return head == null ? -1 : head;
    }

    static String qualified(String schema, String table) {
        return quoted(schema) + "." + quoted(table);
    }

    static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
