package io.tally.domain.payment;

import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code PaymentDeclinedEvent} revision 1 (stored without a revision) to 2: the single
 * {@code reason} field, which held the gateway's decline code or the magic value
 * {@code gateway-timeout}, becomes {@code declineCode} and {@code timedOut}. Only what is read is
 * changed; the stored event, and so its hash, stay as they were.
 */
public final class PaymentDeclinedUpcaster extends SingleEventUpcaster {

    static final String TYPE = "io.tally.api.payment.PaymentDeclinedEvent";
    private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(TYPE, "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        String revision = representation.getType().getRevision();
        return TYPE.equals(representation.getType().getName()) && (revision == null || "1".equals(revision));
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, ObjectNode.class, payload -> {
            JsonNode reason = payload.remove("reason");
            String text = reason == null || reason.isNull() ? null : reason.asString();
            boolean timedOut = "gateway-timeout".equals(text);
            payload.put("declineCode", timedOut ? null : text);
            payload.put("timedOut", timedOut);
            return payload;
        });
    }
}
