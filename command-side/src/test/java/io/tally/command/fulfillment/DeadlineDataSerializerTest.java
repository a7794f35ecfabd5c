package io.tally.command.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InvalidClassException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.junit.jupiter.api.Test;

/**
 * task_data is the command role's to write (issue 34, point 4): what db-scheduler reads from it is
 * JSON of one shape, and the one-time migration of old rows admits the deadline class alone.
 */
class DeadlineDataSerializerTest {

    private final DeadlineDataSerializer serializer = new DeadlineDataSerializer();

    private static DbSchedulerBinaryDeadlineDetails details() {
        return new DbSchedulerBinaryDeadlineDetails(
                "paymentTimeout",
                "{\"scope\":1}".getBytes(StandardCharsets.UTF_8),
                "org.axonframework.modelling.saga.SagaScopeDescriptor",
                "{\"orderId\":\"o1\"}".getBytes(StandardCharsets.UTF_8),
                "io.tally.command.fulfillment.PaymentTimedOut",
                null,
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void deadlineDetailsAreWrittenAsJsonAndReadBackWhole() {
        byte[] data = serializer.serialize(details());
        assertThat(new String(data, StandardCharsets.UTF_8)).startsWith("{").contains("\"d\":\"paymentTimeout\"");
        assertThat(serializer.deserialize(DbSchedulerBinaryDeadlineDetails.class, data))
                .isEqualTo(details());
    }

    @Test
    void javaSerialisedTaskDataIsNeverReadByTheScheduler() throws Exception {
        byte[] planted = javaSerialised(new HashMap<>());
        assertThatThrownBy(() -> serializer.deserialize(DbSchedulerBinaryDeadlineDetails.class, planted))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> serializer.deserialize(Object.class, "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> serializer.serialize("anything else")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMigrationAdmitsAnOldDeadlineAndRefusesEveryOtherClass() throws Exception {
        assertThat(DeadlineDataSerializer.fromJavaSerialised(javaSerialised(details())))
                .isEqualTo(details());
        assertThatThrownBy(() -> DeadlineDataSerializer.fromJavaSerialised(javaSerialised(new HashMap<>())))
                .isInstanceOf(InvalidClassException.class);
        assertThatThrownBy(() -> DeadlineDataSerializer.fromJavaSerialised(javaSerialised(new Probe())))
                .as("a class named by database content is never loaded")
                .isInstanceOf(InvalidClassException.class);
        assertThat(Probe.loaded).isFalse();
    }

    @Test
    void xstreamIsNotOnTheClasspath() {
        assertThatThrownBy(() -> Class.forName("com.thoughtworks.xstream.XStream"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    private static byte[] javaSerialised(Object object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        assertThat(DeadlineDataSerializer.javaSerialised(bytes.toByteArray())).isTrue();
        return bytes.toByteArray();
    }

    /** Stands for a gadget: reading it would run its readObject. */
    static final class Probe implements Serializable {
        static volatile boolean loaded;

        private void readObject(java.io.ObjectInputStream in) {
            loaded = true;
        }
    }
}
