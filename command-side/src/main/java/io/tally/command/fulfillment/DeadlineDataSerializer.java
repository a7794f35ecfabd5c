package io.tally.command.fulfillment;

import com.github.kagkarlsson.scheduler.serializer.Serializer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * db-scheduler's {@code task_data} as JSON, never Java serialisation: the column is the command
 * role's to write, so whatever reads it must not let its bytes name a class (issue 34, point 4). It
 * holds one kind of data, Axon's deadline details, as an object of its seven fields (the byte
 * arrays, Axon's own JSON of the scope, payload and metadata, in base64); anything else is refused.
 * <p>
 * Deadlines an earlier release scheduled are Java-serialised; {@link #fromJavaSerialised} reads
 * them once, at start, through a filter that admits exactly the details class, strings and byte
 * arrays, and {@link DeadlineDataMigration} rewrites them as JSON.
 */
final class DeadlineDataSerializer implements Serializer {

    /** What a serialised deadline may consist of, when an old row is migrated; everything else is refused. */
    static final ObjectInputFilter ONLY_DEADLINE_DETAILS =
            ObjectInputFilter.Config.createFilter(io.tally.axon.NoJavaDeserialisation.DEADLINE_PATTERN);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public byte[] serialize(Object data) {
        if (!(data instanceof DbSchedulerBinaryDeadlineDetails details)) {
            throw new IllegalArgumentException("only deadline details are scheduled, not "
                    + (data == null ? "null" : data.getClass().getName()));
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("d", details.getD());
        node.put("s", base64(details.getS()));
        node.put("sc", details.getSc());
        node.put("p", base64(details.getP()));
        node.put("pc", details.getPc());
        node.put("r", details.getR());
        node.put("m", base64(details.getM()));
        return JSON.writeValueAsBytes(node);
    }

    @Override
    public <T> T deserialize(Class<T> type, byte[] data) {
        if (type != DbSchedulerBinaryDeadlineDetails.class) {
            throw new IllegalArgumentException("only deadline details are scheduled, not " + type.getName());
        }
        if (data.length > 0 && data[0] != '{') {
            throw new IllegalArgumentException(
                    "task data that is not JSON is refused (Java serialisation is never read)");
        }
        JsonNode node = JSON.readTree(new String(data, StandardCharsets.UTF_8));
        return type.cast(new DbSchedulerBinaryDeadlineDetails(
                text(node, "d"),
                bytes(node, "s"),
                text(node, "sc"),
                bytes(node, "p"),
                text(node, "pc"),
                text(node, "r"),
                bytes(node, "m")));
    }

    /** Whether {@code data} is Java serialisation's stream (its magic number 0xACED). */
    static boolean javaSerialised(byte[] data) {
        return data != null && data.length > 1 && (data[0] & 0xff) == 0xac && (data[1] & 0xff) == 0xed;
    }

    /** An earlier release's row, through {@link #ONLY_DEADLINE_DETAILS}: any other class is refused. */
    static DbSchedulerBinaryDeadlineDetails fromJavaSerialised(byte[] data) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            in.setObjectInputFilter(ONLY_DEADLINE_DETAILS);
            Object read = in.readObject();
            if (!(read instanceof DbSchedulerBinaryDeadlineDetails details)) {
                throw new InvalidClassException("not deadline details");
            }
            return details;
        } catch (ClassNotFoundException e) {
            throw new InvalidClassException(e.getMessage());
        }
    }

    private static String base64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static byte[] bytes(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : Base64.getDecoder().decode(text);
    }
}
