package io.tally.axon.sagas;

import static org.axonframework.common.jdbc.JdbcUtils.closeQuietly;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.SagaStorageException;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.modelling.saga.repository.jpa.SagaEntry;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's JDBC saga store, in fewer round trips (docs/axon-departures.md, "saga-statements"):
 * <ul>
 * <li>finding the sagas of an association value also reads them, with their association values,
 * in the same statement, and the load that follows in the same unit of work takes what was read
 * (a saga step was a lookup and a load);</li>
 * <li>a saga and its association values load in one statement when they were not found that way;</li>
 * <li>a new saga and its association values are inserted, and an ended one deleted, in one
 * statement each.</li>
 * </ul>
 * Every saga has a version, raised by each update. A saga read in a unit of work is updated or
 * deleted only at the version it was read at: a write by anyone else since (a deadline on another
 * instance) makes that write fail with a {@link ConcurrencyException}, the unit of work rolls back
 * with everything its step did, and the processor's retry reads the stored saga. Axon's own store
 * writes whatever the step computed, last writer wins.
 * <p>
 * A saga read by a lookup is used only if no write of it (here: a deadline on another thread, under
 * Axon's lock that the lookup does not hold) began since or was still uncommitted when it was read;
 * otherwise the load reads it again. {@code tally.axon.stock: saga-statements} uses Axon's store.
 */
public class BatchedSagaStore extends JdbcSagaStore {

    private static final Logger log = LoggerFactory.getLogger(BatchedSagaStore.class);
    private static final String FOUND = BatchedSagaStore.class.getName() + ".found";
    private static final String VERSIONS = BatchedSagaStore.class.getName() + ".versions";
    private static final int STRIPES = 256;
    /** The column this store adds to Axon's {@code saga_entry}: the saga's version, raised by every update. */
    public static final String VERSION_COLUMN = "version";

    /** A saga read by a lookup, and how many writes of its stripe had begun before it was read. */
    private record Found(Read<?> entry, long writesBegun) {}

    /** A saga as read, with the version it was read at. */
    private record Read<S>(S saga, Set<AssociationValue> associationValues, long version)
            implements SagaStore.Entry<S> {}

    private final ConnectionProvider connectionProvider;
    private final Serializer serializer;
    private final String load;
    private final String find;
    private final String insert;
    private final String update;
    private final String addAssociation;
    private final String removeAssociation;
    private final String delete;
    private final String addVersion;
    private final AtomicLongArray writesBegun = new AtomicLongArray(STRIPES);
    private final AtomicLongArray writesEnded = new AtomicLongArray(STRIPES);

    public BatchedSagaStore(
            ConnectionProvider connectionProvider,
            Serializer serializer,
            SagaSchema schema,
            JdbcSagaStore.Builder builder) {
        super(builder.connectionProvider(connectionProvider).serializer(serializer));
        this.connectionProvider = connectionProvider;
        this.serializer = serializer;
        String sagaId = schema.sagaIdColumn();
        String sagaType = schema.sagaTypeColumn();
        String key = schema.associationKeyColumn();
        String value = schema.associationValueColumn();
        String associations = "SELECT %s FROM " + schema.associationValueEntryTable() + " a WHERE a." + sagaId + " = s."
                + sagaId + " AND a." + sagaType + " = ? ORDER BY a." + key + ", a." + value;
        String sagaColumns = "s." + schema.serializedSagaColumn() + ", s." + sagaType + ", s." + schema.revisionColumn()
                + ", array(" + associations.formatted("a." + key) + ")"
                + ", array(" + associations.formatted("a." + value) + "), s.version";
        this.load = "SELECT " + sagaColumns + " FROM " + schema.sagaEntryTable() + " s WHERE s." + sagaId + " = ?";
        this.find = "SELECT f." + sagaId + ", " + sagaColumns + " FROM (SELECT DISTINCT " + sagaId + " FROM "
                + schema.associationValueEntryTable() + " WHERE " + key + " = ? AND " + value + " = ? AND "
                + sagaType + " = ?) f LEFT JOIN " + schema.sagaEntryTable() + " s ON s." + sagaId + " = f." + sagaId;
        this.insert = "WITH saga AS (INSERT INTO " + schema.sagaEntryTable() + " (" + sagaId + ", "
                + schema.revisionColumn() + ", " + sagaType + ", " + schema.serializedSagaColumn()
                + ") VALUES (?, ?, ?, ?))"
                + " INSERT INTO " + schema.associationValueEntryTable() + " (" + key + ", " + value + ", " + sagaType
                + ", " + sagaId + ") SELECT v.k, v.v, ?, ? FROM unnest(?::text[], ?::text[]) AS v(k, v)";
        this.update = "UPDATE " + schema.sagaEntryTable() + " SET " + schema.serializedSagaColumn() + " = ?, "
                + schema.revisionColumn() + " = ?, version = version + 1 WHERE " + sagaId
                + " = ? AND version = coalesce(?, version) RETURNING version";
        this.addVersion = "ALTER TABLE " + schema.sagaEntryTable() + " ADD COLUMN IF NOT EXISTS " + VERSION_COLUMN
                + " bigint NOT NULL DEFAULT 0";
        this.addAssociation = "INSERT INTO " + schema.associationValueEntryTable() + " (" + key + ", " + value + ", "
                + sagaType + ", " + sagaId + ") VALUES (?, ?, ?, ?)";
        this.removeAssociation = "DELETE FROM " + schema.associationValueEntryTable() + " WHERE " + key + " = ? AND "
                + value + " = ? AND " + sagaType + " = ? AND " + sagaId + " = ?";
        this.delete = "WITH associations AS (DELETE FROM " + schema.associationValueEntryTable() + " WHERE "
                + sagaId + " = ?) DELETE FROM " + schema.sagaEntryTable() + " WHERE " + sagaId
                + " = ? AND version = coalesce(?, version)";
    }

    /**
     * Axon's saga tables, as {@link JdbcSagaStore#createSchema()} makes them, and this store's
     * {@value #VERSION_COLUMN} column: the schema this store needs, for tests and a new service. The
     * services' schemas get the same from command-side's Flyway {@code V1} and {@code V6}, which a
     * command-side test compares with this one (docs/decisions.md, "The saga version column stays in
     * command-side's V6").
     */
    @Override
    public void createSchema() throws SQLException {
        super.createSchema();
        try (Connection connection = connectionProvider.getConnection();
                java.sql.Statement sql = connection.createStatement()) {
            sql.execute(addVersion);
        }
    }

    @Override
    public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
        String typeName = typeName(sagaType);
        Map<String, Found> found = CurrentUnitOfWork.isStarted()
                ? CurrentUnitOfWork.get().getOrComputeResource(FOUND, name -> new HashMap<>())
                : null;
        long[] begunBefore = settledWrites();
        Set<String> ids = new TreeSet<>();
        withConnection("reading saga associations", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(find)) {
                statement.setString(1, typeName);
                statement.setString(2, typeName);
                statement.setString(3, associationValue.getKey());
                statement.setString(4, associationValue.getValue());
                statement.setString(5, typeName);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        String id = row.getString(1);
                        ids.add(id);
                        int stripe = stripe(id);
                        if (found != null && row.getBytes(2) != null && begunBefore[stripe] >= 0) {
                            found.put(id, new Found(entry(row, 2), begunBefore[stripe]));
                        }
                    }
                }
            }
            return null;
        });
        return ids;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S> SagaStore.Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
        Map<String, Found> found =
                CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().getResource(FOUND) : null;
        Found read = found == null ? null : found.remove(sagaIdentifier);
        if (read != null && writesBegun.get(stripe(sagaIdentifier)) == read.writesBegun()) {
            return served(sagaIdentifier, (Read<S>) read.entry());
        }
        String typeName = typeName(sagaType);
        Read<S> loaded = withConnection("loading a saga", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(load)) {
                statement.setString(1, typeName);
                statement.setString(2, typeName);
                statement.setString(3, sagaIdentifier);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? entry(row, 1) : null;
                }
            }
        });
        return loaded == null ? null : served(sagaIdentifier, loaded);
    }

    @Override
    public void insertSaga(
            Class<?> sagaType, String sagaIdentifier, Object saga, Set<AssociationValue> associationValues) {
        SagaEntry<?> entry = new SagaEntry<>(saga, sagaIdentifier, serializer);
        String typeName = typeName(sagaType);
        writing(
                sagaIdentifier,
                typeName,
                associationValues,
                () -> withConnection("storing a saga", connection -> {
                    try (PreparedStatement statement = connection.prepareStatement(insert)) {
                        statement.setString(1, entry.getSagaId());
                        statement.setString(2, entry.getRevision());
                        statement.setString(3, entry.getSagaType());
                        statement.setBytes(4, entry.getSerializedSaga());
                        statement.setString(5, typeName);
                        statement.setString(6, sagaIdentifier);
                        statement.setArray(
                                7,
                                connection.createArrayOf(
                                        "text",
                                        associationValues.stream()
                                                .map(AssociationValue::getKey)
                                                .toArray()));
                        statement.setArray(
                                8,
                                connection.createArrayOf(
                                        "text",
                                        associationValues.stream()
                                                .map(AssociationValue::getValue)
                                                .toArray()));
                        statement.executeUpdate();
                    }
                    return null;
                }));
    }

    @Override
    public void updateSaga(Class<?> sagaType, String sagaIdentifier, Object saga, AssociationValues associationValues) {
        SagaEntry<?> entry = new SagaEntry<>(saga, sagaIdentifier, serializer);
        String typeName = typeName(sagaType);
        Long readAt = readVersion(sagaIdentifier);
        Set<AssociationValue> current = associationValues.asSet();
        Set<AssociationValue> removed = Set.copyOf(associationValues.removedAssociations());
        Set<AssociationValue> touched = new HashSet<>(current);
        touched.addAll(removed);
        Long version = writing(
                sagaIdentifier,
                typeName,
                touched,
                () -> withConnection("updating a saga", connection -> {
                    Long written;
                    try (PreparedStatement statement = connection.prepareStatement(update)) {
                        statement.setBytes(1, entry.getSerializedSaga());
                        statement.setString(2, entry.getRevision());
                        statement.setString(3, sagaIdentifier);
                        statement.setObject(4, readAt, Types.BIGINT);
                        try (ResultSet row = statement.executeQuery()) {
                            written = row.next() ? row.getLong(1) : null;
                        }
                    }
                    if (written == null) {
                        return changedSinceRead(sagaIdentifier, readAt);
                    }
                    associationChanges(
                            connection,
                            addAssociation,
                            associationValues.addedAssociations(),
                            typeName,
                            sagaIdentifier);
                    associationChanges(connection, removeAssociation, removed, typeName, sagaIdentifier);
                    return written;
                }));
        if (version != null) {
            served(sagaIdentifier, version);
        }
    }

    @Override
    public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
        String typeName = typeName(sagaType);
        Long readAt = readVersion(sagaIdentifier);
        writing(
                sagaIdentifier,
                typeName,
                associationValues,
                () -> withConnection("deleting a saga", connection -> {
                    try (PreparedStatement statement = connection.prepareStatement(delete)) {
                        statement.setString(1, sagaIdentifier);
                        statement.setString(2, sagaIdentifier);
                        statement.setObject(3, readAt, Types.BIGINT);
                        if (statement.executeUpdate() == 0 && readAt != null) {
                            changedSinceRead(sagaIdentifier, readAt);
                        }
                    }
                    return null;
                }));
    }

    /**
     * The saga was updated or deleted by someone else since it was read at {@code readAt} (or it
     * was not found at all, when that is unknown): fails the write.
     */
    private Long changedSinceRead(String sagaIdentifier, Long readAt) {
        if (readAt == null) {
            log.warn("saga {} to be updated was not found", sagaIdentifier);
            return null;
        }
        throw new ConcurrencyException(
                "saga " + sagaIdentifier + " was written by someone else since it was read at version " + readAt
                        + "; the step is retried from the stored saga");
    }

    /** The version the saga was last read or written at in this unit of work, null when unknown. */
    private static Long readVersion(String sagaIdentifier) {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        Map<String, Long> versions = CurrentUnitOfWork.get().root().getResource(VERSIONS);
        return versions == null ? null : versions.get(sagaIdentifier);
    }

    private static <S> Read<S> served(String sagaIdentifier, Read<S> read) {
        served(sagaIdentifier, read.version());
        return read;
    }

    private static void served(String sagaIdentifier, long version) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get()
                    .root()
                    .<Map<String, Long>>getOrComputeResource(VERSIONS, name -> new HashMap<>())
                    .put(sagaIdentifier, version);
        }
    }

    private static void associationChanges(
            Connection connection, String sql, Set<AssociationValue> values, String typeName, String sagaIdentifier)
            throws SQLException {
        if (values.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (AssociationValue value : values) {
                statement.setString(1, value.getKey());
                statement.setString(2, value.getValue());
                statement.setString(3, typeName);
                statement.setString(4, sagaIdentifier);
                statement.executeUpdate();
            }
        }
    }

    /**
     * Counts a write of the saga (and of the association values it touches) as begun now and as
     * ended once its unit of work has committed or rolled back (at once, outside one), so a saga or
     * a lookup's answer read meanwhile is not used.
     */
    private <T> T writing(String sagaIdentifier, String typeName, Set<AssociationValue> touched, Supplier<T> write) {
        Set<Integer> stripes = new HashSet<>();
        stripes.add(stripe(sagaIdentifier));
        touched.forEach(value -> stripes.add(stripe(memberKey(typeName, value))));
        stripes.forEach(writesBegun::incrementAndGet);
        try {
            return write.get();
        } finally {
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().root().onCleanup(done -> stripes.forEach(writesEnded::incrementAndGet));
            } else {
                stripes.forEach(writesEnded::incrementAndGet);
            }
        }
    }

    /**
     * For each stripe, the writes begun so far when every one of them has ended (-1 while one is
     * in flight): a saga of that stripe read after this is as committed, until another write begins.
     */
    private long[] settledWrites() {
        long[] settled = new long[STRIPES];
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            long ended = writesEnded.get(stripe);
            long begun = writesBegun.get(stripe);
            settled[stripe] = begun == ended ? begun : -1;
        }
        return settled;
    }

    private static int stripe(String key) {
        return Math.floorMod(key.hashCode(), STRIPES);
    }

    private static String memberKey(String typeName, AssociationValue value) {
        return typeName + '\u0000' + value.getKey() + '\u0000' + value.getValue();
    }

    private String typeName(Class<?> sagaType) {
        return serializer.typeForClass(sagaType).getName();
    }

    /** The saga, its association values and its version from the row's columns starting at {@code first}. */
    private <S> Read<S> entry(ResultSet row, int first) throws SQLException {
        S saga = serializer.deserialize(new SimpleSerializedObject<>(
                row.getBytes(first), byte[].class, row.getString(first + 1), row.getString(first + 2)));
        Set<AssociationValue> associations = associations(row.getArray(first + 3), row.getArray(first + 4));
        return new Read<>(saga, associations, row.getLong(first + 5));
    }

    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T withConnection(String what, SqlWork<T> work) {
        Connection connection = null;
        try {
            connection = connectionProvider.getConnection();
            return work.run(connection);
        } catch (SQLException e) {
            throw new SagaStorageException("Exception while " + what, e);
        } finally {
            closeQuietly(connection);
        }
    }

    private static Set<AssociationValue> associations(Array keys, Array values) throws SQLException {
        String[] key = (String[]) keys.getArray();
        String[] value = (String[]) values.getArray();
        Set<AssociationValue> associations = new HashSet<>();
        for (int i = 0; i < key.length; i++) {
            associations.add(new AssociationValue(key[i], value[i]));
        }
        return associations;
    }
}
