package io.tally.axon.processing;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.SagaStorageException;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.modelling.saga.repository.jpa.SagaEntry;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.axonframework.common.jdbc.JdbcUtils.closeQuietly;

/**
 * Axon's JDBC saga store, in fewer round trips (docs/benchmarks.md, "Work per order"):
 * <ul>
 * <li>finding the sagas of an association value also reads them, with their association values,
 * in the same statement, and the load that follows in the same unit of work takes what was read
 * (a saga step was a lookup and a load);</li>
 * <li>a saga and its association values load in one statement when they were not found that way;</li>
 * <li>a new saga and its association values are inserted, and an ended one deleted, in one
 * statement each.</li>
 * </ul>
 * A saga read by a lookup is used only if no write of it (here: a deadline on another thread, under
 * Axon's lock that the lookup does not hold) began since or was still uncommitted when it was read;
 * otherwise the load reads it again. Updates are Axon's.
 */
public class OneQuerySagaStore extends JdbcSagaStore {

    private static final String FOUND = OneQuerySagaStore.class.getName() + ".found";
    private static final int STRIPES = 64;

    /** A saga read by a lookup, and how many writes of its stripe had begun before it was read. */
    private record Found(SagaStore.Entry<?> entry, long writesBegun) {
    }

    private final ConnectionProvider connectionProvider;
    private final Serializer serializer;
    private final String load;
    private final String find;
    private final String insert;
    private final String delete;
    private final AtomicLongArray writesBegun = new AtomicLongArray(STRIPES);
    private final AtomicLongArray writesEnded = new AtomicLongArray(STRIPES);

    public OneQuerySagaStore(ConnectionProvider connectionProvider, Serializer serializer, SagaSchema schema,
                             JdbcSagaStore.Builder builder) {
        super(builder.connectionProvider(connectionProvider).serializer(serializer));
        this.connectionProvider = connectionProvider;
        this.serializer = serializer;
        String sagaId = schema.sagaIdColumn();
        String sagaType = schema.sagaTypeColumn();
        String key = schema.associationKeyColumn();
        String value = schema.associationValueColumn();
        String associations = "SELECT %s FROM " + schema.associationValueEntryTable() + " a WHERE a." + sagaId
                + " = s." + sagaId + " AND a." + sagaType + " = ? ORDER BY a." + key + ", a." + value;
        String sagaColumns = "s." + schema.serializedSagaColumn() + ", s." + sagaType + ", s." + schema.revisionColumn()
                + ", array(" + associations.formatted("a." + key) + ")"
                + ", array(" + associations.formatted("a." + value) + ")";
        this.load = "SELECT " + sagaColumns + " FROM " + schema.sagaEntryTable() + " s WHERE s." + sagaId + " = ?";
        this.find = "SELECT f." + sagaId + ", " + sagaColumns + " FROM (SELECT DISTINCT " + sagaId + " FROM "
                + schema.associationValueEntryTable() + " WHERE " + key + " = ? AND " + value + " = ? AND "
                + sagaType + " = ?) f LEFT JOIN " + schema.sagaEntryTable() + " s ON s." + sagaId + " = f." + sagaId;
        this.insert = "WITH saga AS (INSERT INTO " + schema.sagaEntryTable() + " (" + sagaId + ", "
                + schema.revisionColumn() + ", " + sagaType + ", " + schema.serializedSagaColumn() + ") VALUES (?, ?, ?, ?))"
                + " INSERT INTO " + schema.associationValueEntryTable() + " (" + key + ", " + value + ", " + sagaType
                + ", " + sagaId + ") SELECT v.k, v.v, ?, ? FROM unnest(?::text[], ?::text[]) AS v(k, v)";
        this.delete = "WITH associations AS (DELETE FROM " + schema.associationValueEntryTable() + " WHERE "
                + sagaId + " = ?) DELETE FROM " + schema.sagaEntryTable() + " WHERE " + sagaId + " = ?";
    }

    @Override
    public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
        String typeName = serializer.typeForClass(sagaType).getName();
        Map<String, Found> found = CurrentUnitOfWork.isStarted()
                ? CurrentUnitOfWork.get().getOrComputeResource(FOUND, name -> new HashMap<>()) : null;
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
        Map<String, Found> found = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().getResource(FOUND) : null;
        Found read = found == null ? null : found.remove(sagaIdentifier);
        if (read != null && writesBegun.get(stripe(sagaIdentifier)) == read.writesBegun()) {
            return (SagaStore.Entry<S>) read.entry();
        }
        String typeName = serializer.typeForClass(sagaType).getName();
        return withConnection("loading a saga", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(load)) {
                statement.setString(1, typeName);
                statement.setString(2, typeName);
                statement.setString(3, sagaIdentifier);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? entry(row, 1) : null;
                }
            }
        });
    }

    @Override
    public void insertSaga(Class<?> sagaType, String sagaIdentifier, Object saga, Set<AssociationValue> associationValues) {
        SagaEntry<?> entry = new SagaEntry<>(saga, sagaIdentifier, serializer);
        String typeName = serializer.typeForClass(sagaType).getName();
        writing(sagaIdentifier, () -> withConnection("storing a saga", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(insert)) {
                statement.setString(1, entry.getSagaId());
                statement.setString(2, entry.getRevision());
                statement.setString(3, entry.getSagaType());
                statement.setBytes(4, entry.getSerializedSaga());
                statement.setString(5, typeName);
                statement.setString(6, sagaIdentifier);
                statement.setArray(7, connection.createArrayOf("text",
                        associationValues.stream().map(AssociationValue::getKey).toArray()));
                statement.setArray(8, connection.createArrayOf("text",
                        associationValues.stream().map(AssociationValue::getValue).toArray()));
                statement.executeUpdate();
            }
            return null;
        }));
    }

    @Override
    public void updateSaga(Class<?> sagaType, String sagaIdentifier, Object saga, AssociationValues associationValues) {
        writing(sagaIdentifier, () -> super.updateSaga(sagaType, sagaIdentifier, saga, associationValues));
    }

    @Override
    public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
        writing(sagaIdentifier, () -> withConnection("deleting a saga", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(delete)) {
                statement.setString(1, sagaIdentifier);
                statement.setString(2, sagaIdentifier);
                statement.executeUpdate();
            }
            return null;
        }));
    }

    /**
     * Counts a write of the saga as begun now and as ended once its unit of work has committed or
     * rolled back (at once, outside one), so a saga read by a lookup meanwhile is not used.
     */
    private void writing(String sagaIdentifier, Runnable write) {
        int stripe = stripe(sagaIdentifier);
        writesBegun.incrementAndGet(stripe);
        try {
            write.run();
        } finally {
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().root().onCleanup(done -> writesEnded.incrementAndGet(stripe));
            } else {
                writesEnded.incrementAndGet(stripe);
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

    private static int stripe(String sagaIdentifier) {
        return Math.floorMod(sagaIdentifier.hashCode(), STRIPES);
    }

    /** The saga and its association values from the row's columns starting at {@code first}. */
    private <S> SagaStore.Entry<S> entry(ResultSet row, int first) throws SQLException {
        S saga = serializer.deserialize(new SimpleSerializedObject<>(row.getBytes(first), byte[].class,
                row.getString(first + 1), row.getString(first + 2)));
        Set<AssociationValue> associations = associations(row.getArray(first + 3), row.getArray(first + 4));
        return new SagaStore.Entry<>() {
            @Override
            public Set<AssociationValue> associationValues() {
                return associations;
            }

            @Override
            public S saga() {
                return saga;
            }
        };
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
