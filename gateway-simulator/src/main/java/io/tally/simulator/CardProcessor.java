package io.tally.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The processor itself: payment intents authorised, captured, cancelled and refunded, and the ledger
 * of every money movement, each change written to the journal. Not thread-safe: guarded by the
 * simulator's lock.
 */
final class CardProcessor {

    private final Map<String, ObjectNode> intents = new HashMap<>();
    private final List<ObjectNode> ledger = new ArrayList<>();
    private final Journal journal;

    CardProcessor(Journal journal) {
        this.journal = journal;
    }

    /** The operation a POST to {@code path} is, or null for no such endpoint. */
    static String operation(String path) {
        if (path.equals("/v1/payment_intents")) {
            return "authorize";
        }
        if (path.equals("/v1/refunds")) {
            return "refund";
        }
        if (path.matches("/v1/payment_intents/[^/]+/capture")) {
            return "capture";
        }
        if (path.matches("/v1/payment_intents/[^/]+/cancel")) {
            return "cancel";
        }
        return null;
    }

    Answer act(String operation, String path, JsonNode body, String key) {
        return switch (operation) {
            case "authorize" -> authorize(body, key);
            case "capture" -> capture(path.split("/")[3], body, key);
            case "cancel" -> cancel(path.split("/")[3], key);
            default -> refund(body, key);
        };
    }

    ObjectNode intent(String id) {
        return intents.get(id);
    }

    List<ObjectNode> ledger() {
        return ledger;
    }

    /** Replayed from the journal at start. */
    void restore(ObjectNode intent) {
        intents.put(intent.get("id").asString(), intent);
    }

    /** Replayed from the journal at start. */
    void restoreMovement(ObjectNode movement) {
        ledger.add(movement);
    }

    private Answer authorize(JsonNode body, String key) {
        long amount = body.path("amount").asLong(0);
        String currency = body.path("currency").asString("").toUpperCase();
        if (amount <= 0 || currency.length() != 3) {
            return Answer.invalid(
                    "parameter_invalid_integer", "amount must be a positive integer and currency 3 letters");
        }
        String declineCode = switch (body.path("payment_method").asString("")) {
            case "tok_visa", "tok_slow", "tok_error_once", "tok_drop_after_charge", "tok_timeout_after_charge" -> null;
            case "tok_declined" -> "generic_decline";
            case "tok_insufficient_funds" -> "insufficient_funds";
            default -> "invalid_token";
        };
        if (declineCode != null) {
            ObjectNode error = Json.error("card_error", "card_declined", "Your card was declined.");
            ((ObjectNode) error.get("error")).put("decline_code", declineCode);
            return new Answer(402, error);
        }
        ObjectNode intent = Json.object()
                .put("id", "pi_" + UUID.randomUUID().toString().replace("-", ""))
                .put("object", "payment_intent")
                .put("amount", amount)
                .put("currency", currency)
                .put("amount_capturable", amount)
                .put("amount_received", 0)
                .put("amount_refunded", 0)
                .put("status", "requires_capture");
        intent.set("metadata", body.path("metadata").isObject() ? body.get("metadata") : Json.object());
        store(intent);
        move("authorization", key, intent, null, amount);
        return new Answer(200, intent);
    }

    private Answer capture(String id, JsonNode body, String key) {
        ObjectNode intent = intents.get(id);
        if (intent == null) {
            return Answer.missing("payment_intent: " + id);
        }
        if (!"requires_capture".equals(intent.get("status").asString())) {
            return Answer.invalid(
                    "payment_intent_unexpected_state",
                    "This PaymentIntent is " + intent.get("status").asString());
        }
        long amount = body.path("amount_to_capture").asLong(intent.get("amount").asLong());
        if (amount <= 0 || amount > intent.get("amount").asLong()) {
            return Answer.invalid("amount_too_large", "amount_to_capture exceeds the authorised amount");
        }
        intent.put("status", "succeeded").put("amount_received", amount).put("amount_capturable", 0);
        store(intent);
        move("capture", key, intent, null, amount);
        return new Answer(200, intent);
    }

    private Answer cancel(String id, String key) {
        ObjectNode intent = intents.get(id);
        if (intent == null) {
            return Answer.missing("payment_intent: " + id);
        }
        if (!"requires_capture".equals(intent.get("status").asString())) {
            return Answer.invalid(
                    "payment_intent_unexpected_state",
                    "This PaymentIntent is " + intent.get("status").asString());
        }
        long amount = intent.get("amount").asLong();
        intent.put("status", "canceled").put("amount_capturable", 0);
        store(intent);
        move("void", key, intent, null, amount);
        return new Answer(200, intent);
    }

    private Answer refund(JsonNode body, String key) {
        String id = body.path("payment_intent").asString("");
        ObjectNode intent = intents.get(id);
        if (intent == null) {
            return Answer.missing("payment_intent: " + id);
        }
        long received = intent.get("amount_received").asLong();
        long refunded = intent.get("amount_refunded").asLong();
        long amount = body.path("amount").asLong(received - refunded);
        if (!"succeeded".equals(intent.get("status").asString())) {
            return Answer.invalid("charge_not_captured", "This PaymentIntent has not been captured");
        }
        if (amount <= 0 || refunded + amount > received) {
            return Answer.invalid(
                    refunded >= received ? "charge_already_refunded" : "amount_too_large",
                    "Refund amount exceeds what remains to refund");
        }
        intent.put("amount_refunded", refunded + amount);
        store(intent);
        ObjectNode refund = Json.object()
                .put("id", "re_" + UUID.randomUUID().toString().replace("-", ""))
                .put("object", "refund")
                .put("amount", amount)
                .put("currency", intent.get("currency").asString())
                .put("payment_intent", id)
                .put("status", "succeeded");
        refund.set("metadata", body.path("metadata").isObject() ? body.get("metadata") : Json.object());
        move("refund", key, intent, refund, amount);
        return new Answer(200, refund);
    }

    private void store(ObjectNode intent) {
        intents.put(intent.get("id").asString(), intent);
        journal.intent(intent);
    }

    private void move(String type, String key, ObjectNode intent, ObjectNode refund, long amount) {
        ObjectNode movement = Json.object()
                .put("sequence", ledger.size() + 1)
                .put("type", type)
                .put("idempotencyKey", key)
                .put("paymentIntent", intent.get("id").asString())
                .put("paymentId", intent.path("metadata").path("payment_id").asString(null))
                .put("amount", amount)
                .put("currency", intent.get("currency").asString())
                .put("at", Instant.now().toString());
        if (refund != null) {
            movement.put("refund", refund.get("id").asString())
                    .put("refundId", refund.path("metadata").path("refund_id").asString(null));
        }
        ledger.add(movement);
        journal.movement(movement);
    }
}
