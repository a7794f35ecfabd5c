package io.tally.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.axon.NoJavaDeserialisation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.http.impl.auth.BasicScheme;
import org.junit.jupiter.api.Test;

/**
 * The services' process-wide serial filter admits what the Elasticsearch client's HTTP library
 * copies through serialisation in memory (its auth cache's {@code BasicScheme}: a stack trace per
 * request thread in the log before) and still refuses every other class, also inside the one
 * collection it admits.
 */
class ProcessSerialFilterTest {

    private static final ObjectInputFilter FILTER =
            ObjectInputFilter.Config.createFilter(NoJavaDeserialisation.PROCESS_PATTERN);

    @Test
    void theHttpClientsAuthSchemeIsReadBack() throws Exception {
        assertThat(read(bytes(new BasicScheme()))).isInstanceOf(BasicScheme.class);
    }

    @Test
    void anyOtherClassIsRefusedAlsoInsideAnAdmittedMap() throws Exception {
        assertThatThrownBy(() -> read(bytes(new Probe()))).isInstanceOf(InvalidClassException.class);
        Map<String, Object> map = new HashMap<>();
        map.put("key", new Probe());
        assertThatThrownBy(() -> read(bytes((Serializable) map))).isInstanceOf(InvalidClassException.class);
        assertThat(Probe.read).as("no readObject of a refused class ran").isFalse();
    }

    private static byte[] bytes(Serializable object) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream stream = new ObjectOutputStream(out)) {
            stream.writeObject(object);
        }
        return out.toByteArray();
    }

    private static Object read(byte[] bytes) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(FILTER);
            return in.readObject();
        }
    }

    static final class Probe implements Serializable {
        static volatile boolean read;

        private void readObject(ObjectInputStream in) {
            read = true;
        }
    }
}
