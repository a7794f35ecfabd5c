package io.tally.tools.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recomputes Tally's business state from the event log alone (raw JSON payloads, none of Tally's
 * classes) and checks the invariants money and stock must keep: available stock never negative,
 * reserved stock equal to the open reservations, no reservation left on a finished order, captured
 * minus refunded never negative nor above the order's total, at most one capture per order, and
 * the levels each event reports equal to those its history adds up to. The recomputed orders,
 * items and payments are then what the read models must equal ({@link CheckMain}).
 */
public final class InvariantChecker {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int EXAMPLES = 10;

    /** One stored event as the checker reads it. */
    public record Event(long globalIndex, String aggregateId, long sequence, String payloadType, String payload) {}

    public static final class Item {
        long onHand;
        long reserved;
        long version;
        final Map<String, Long> open = new HashMap<>();
    }

    public static final class Order {
        String status;
        long version;
        long total;
        String paymentId;
        int captures;
    }

    /** One money movement in the gateway's ledger. */
    public record Movement(String type, String paymentId, String refundId, long amount) {

        String key() {
            return paymentId + " " + type + (refundId == null ? "" : " " + refundId) + " " + amount;
        }
    }

    public static final class Payment {
        boolean voidAtGateway;
        String orderId;
        String status;
        long authorized;
        long captured;
        long refunded;
        long version;
    }

    /** A checked rule: how many times it was broken, and the first few places. */
    public static final class Rule {
        final String name;
        long broken;
        final List<String> examples = new ArrayList<>();

        Rule(String name) {
            this.name = name;
        }

        void breaks(String where) {
            broken++;
            if (examples.size() < EXAMPLES) {
                examples.add(where);
            }
        }

        public String name() {
            return name;
        }

        public long broken() {
            return broken;
        }

        public List<String> examples() {
            return examples;
        }
    }

    final Map<String, Item> items = new TreeMap<>();
    final Map<String, Order> orders = new TreeMap<>();
    final Map<String, Payment> payments = new TreeMap<>();
    private final Map<String, Rule> rules = new LinkedHashMap<>();
    /** The money movements the event store says the gateway made, each with how often. */
    private final Map<String, Long> moved = new TreeMap<>();

    private final java.util.Set<String> outOfScope = new java.util.HashSet<>();
    private final java.util.Set<String> seen = new java.util.HashSet<>();
    private final long scope;
    private long events;
    private long lastGlobalIndex = -1;

    public InvariantChecker() {
        this(-1);
    }

    /**
     * Checks only the aggregates whose first event lies after global index {@code scope} (all of
     * them with -1): the end-to-end run checks what it created, not what other modules' tests left.
     */
    public InvariantChecker(long scope) {
        this.scope = scope;
        for (String rule : List.of(
                "available stock never negative",
                "reserved equals open reservations",
                "events report the levels their history adds up to",
                "no reservation left on a finished order",
                "captured - refunded within [0, order total]",
                "at most one capture per order",
                "every shipped order captured, every cancelled authorisation voided")) {
            rules.put(rule, new Rule(rule));
        }
    }

    public void accept(Event event) {
        lastGlobalIndex = Math.max(lastGlobalIndex, event.globalIndex());
        if (seen.add(event.aggregateId()) && event.globalIndex() <= scope) {
            outOfScope.add(event.aggregateId());
        }
        if (outOfScope.contains(event.aggregateId())) {
            return;
        }
        events++;
        String type = event.payloadType().substring(event.payloadType().lastIndexOf('.') + 1);
        JsonNode p = JSON.readTree(event.payload());
        String at = "#" + event.globalIndex() + " " + type;
        switch (type) {
            case "InventoryItemRegisteredEvent" -> item(p).version = event.sequence();
            case "StockReceivedEvent" -> level(p, event, at, p.get("quantity").asLong(), 0, null);
            case "StockAdjustedEvent" -> level(p, event, at, p.get("delta").asLong(), 0, null);
            case "StockReservedEvent" ->
                level(
                        p,
                        event,
                        at,
                        0,
                        p.get("quantity").asLong(),
                        p.get("orderId").asString());
            case "StockReleasedEvent" ->
                level(
                        p,
                        event,
                        at,
                        0,
                        -p.get("quantity").asLong(),
                        p.get("orderId").asString());
            case "StockCommittedEvent" ->
                level(
                        p,
                        event,
                        at,
                        -p.get("quantity").asLong(),
                        -p.get("quantity").asLong(),
                        p.get("orderId").asString());
            case "OrderPlacedEvent" -> {
                Order order = order(event.aggregateId());
                order.status = "PLACED";
                order.total = p.get("totals").get("total").get("amount").asLong();
                order.paymentId = p.get("paymentId").asString();
                order.version = event.sequence();
            }
            case "OrderConfirmedEvent" -> orderStatus(event, "CONFIRMED");
            case "OrderShippedEvent" -> orderStatus(event, "SHIPPED");
            case "OrderRejectedEvent" -> orderStatus(event, "REJECTED");
            case "OrderCancelledEvent" -> orderStatus(event, "CANCELLED");
            case "PaymentAuthorizedEvent" -> {
                paymentStarted(p, event, "AUTHORIZED");
                moved(new Movement(
                        "authorization",
                        event.aggregateId(),
                        null,
                        p.get("amount").get("amount").asLong()));
            }
            case "PaymentVoidRequestedEvent" -> payment(event, null).voidAtGateway = true;
            // decided or refused movements: no money moved, the payment's version moves on
            case "PaymentCaptureRequestedEvent",
                    "PaymentCaptureFailedEvent",
                    "PaymentRefundRequestedEvent",
                    "PaymentRefundFailedEvent" -> payment(event, null);
            case "PaymentAuthorizationPendingEvent" -> paymentStarted(p, event, "PENDING");
            case "PaymentDeclinedEvent" -> paymentStarted(p, event, "DECLINED");
            case "PaymentVoidedEvent" -> {
                Payment payment = payment(event, "VOIDED");
                if (payment.voidAtGateway) {
                    moved(new Movement("void", event.aggregateId(), null, payment.authorized));
                }
            }
            case "PaymentCapturedEvent" -> {
                Payment payment = payment(event, "CAPTURED");
                payment.captured = p.get("amount").get("amount").asLong();
                moved(new Movement("capture", event.aggregateId(), null, payment.captured));
                Order order = orders.get(payment.orderId);
                if (order != null && ++order.captures > 1) {
                    rule("at most one capture per order")
                            .breaks(at + " order " + payment.orderId + " captured " + order.captures + " times");
                }
                money(payment, at);
            }
            case "PaymentRefundedEvent" -> {
                Payment payment = payment(event, null);
                payment.refunded += p.get("amount").get("amount").asLong();
                moved(new Movement(
                        "refund",
                        event.aggregateId(),
                        p.hasNonNull("refundId") ? p.get("refundId").asString() : null,
                        p.get("amount").get("amount").asLong()));
                if (p.has("refundedTotal")
                        && p.get("refundedTotal").get("amount").asLong() != payment.refunded) {
                    rule("events report the levels their history adds up to")
                            .breaks(at + " payment "
                                    + event.aggregateId() + " reports refunds of "
                                    + p.get("refundedTotal").get("amount")
                                    + ", its history " + payment.refunded);
                }
                payment.status = payment.refunded >= payment.captured ? "REFUNDED" : "PARTIALLY_REFUNDED";
                money(payment, at);
            }
            default -> {
                // events without stock or money in them
            }
        }
    }

    /** The rules that concern the end state: nothing left reserved or uncaptured once the log is quiet. */
    public List<Rule> finish() {
        for (Map.Entry<String, Item> entry : items.entrySet()) {
            for (Map.Entry<String, Long> reservation : entry.getValue().open.entrySet()) {
                Order order = orders.get(reservation.getKey());
                String status = order == null ? "unknown" : order.status;
                if (!"PLACED".equals(status) && !"CONFIRMED".equals(status)) {
                    rule("no reservation left on a finished order")
                            .breaks(entry.getKey() + " still reserves " + reservation.getValue() + " for " + status
                                    + " order " + reservation.getKey());
                }
            }
        }
        for (Map.Entry<String, Order> entry : orders.entrySet()) {
            Payment payment = payments.get(entry.getValue().paymentId);
            String paymentStatus = payment == null ? "none" : payment.status;
            if ("SHIPPED".equals(entry.getValue().status) && entry.getValue().captures == 0) {
                rule("every shipped order captured, every cancelled authorisation voided")
                        .breaks("shipped order " + entry.getKey() + " has payment " + paymentStatus);
            }
            if ("CANCELLED".equals(entry.getValue().status) && "AUTHORIZED".equals(paymentStatus)) {
                rule("every shipped order captured, every cancelled authorisation voided")
                        .breaks("cancelled order " + entry.getKey() + " still holds an authorisation");
            }
        }
        return List.copyOf(rules.values());
    }

    /**
     * Compares the gateway's ledger with the money movements the event store recorded: every
     * authorisation, capture, void and refund on both sides exactly once, for the same amount.
     * Movements of payments this check does not judge are left out.
     */
    public Rule reconcile(List<Movement> ledger) {
        Rule rule = new Rule("gateway ledger and event store agree, each movement once");
        rules.put(rule.name(), rule);
        Map<String, Long> inLedger = new TreeMap<>();
        for (Movement movement : ledger) {
            if (movement.paymentId() != null && judges(movement.paymentId())) {
                inLedger.merge(movement.key(), 1L, Long::sum);
            }
        }
        java.util.Set<String> keys = new java.util.TreeSet<>(inLedger.keySet());
        keys.addAll(moved.keySet());
        for (String key : keys) {
            long gateway = inLedger.getOrDefault(key, 0L);
            long store = moved.getOrDefault(key, 0L);
            if (gateway != 1 || store != 1) {
                rule.breaks("payment " + key + ": " + gateway + "x in the gateway's ledger, " + store
                        + "x in the event store");
            }
        }
        return rule;
    }

    private void moved(Movement movement) {
        moved.merge(movement.key(), 1L, Long::sum);
    }

    /** Whether rows and documents of this id are judged: ids the log never mentioned only when unscoped. */
    public boolean judges(String id) {
        return scope < 0 ? !outOfScope.contains(id) : seen.contains(id) && !outOfScope.contains(id);
    }

    public long events() {
        return events;
    }

    public long lastGlobalIndex() {
        return lastGlobalIndex;
    }

    public Map<String, Item> items() {
        return items;
    }

    public Map<String, Order> orders() {
        return orders;
    }

    public Map<String, Payment> payments() {
        return payments;
    }

    private void level(JsonNode p, Event event, String at, long onHandChange, long reservedChange, String orderId) {
        Item item = item(p);
        String sku = p.get("sku").asString();
        item.onHand += onHandChange;
        item.version = event.sequence();
        if (orderId != null) {
            // reserved is the sum of the open reservations, kept as they change; a closed one leaves the map
            long open = item.open.getOrDefault(orderId, 0L) + reservedChange;
            if (open < 0) {
                rule("reserved equals open reservations")
                        .breaks(at + " " + sku + " releases or commits " + (-reservedChange) + " for order " + orderId
                                + " that had only " + (open - reservedChange));
            }
            item.reserved += reservedChange;
            if (open == 0) {
                item.open.remove(orderId);
            } else {
                item.open.put(orderId, open);
            }
        }
        if (item.onHand - item.reserved < 0) {
            rule("available stock never negative")
                    .breaks(at + " " + sku + " available " + (item.onHand - item.reserved));
        }
        if (p.has("reserved") && p.get("reserved").asLong() != item.reserved) {
            rule("reserved equals open reservations")
                    .breaks(at + " " + sku + " reports reserved " + p.get("reserved")
                            + ", its open reservations add up to " + item.reserved);
        }
        if (p.has("onHand") && p.get("onHand").asLong() != item.onHand) {
            rule("events report the levels their history adds up to")
                    .breaks(at + " " + sku + " reports onHand " + p.get("onHand") + ", its history " + item.onHand);
        }
    }

    private void money(Payment payment, String at) {
        long net = payment.captured - payment.refunded;
        Order order = orders.get(payment.orderId);
        if (net < 0 || (order != null && payment.captured > order.total)) {
            rule("captured - refunded within [0, order total]")
                    .breaks(at + " payment of order " + payment.orderId
                            + ": captured " + payment.captured + ", refunded " + payment.refunded + ", order total "
                            + (order == null ? "?" : order.total));
        }
    }

    private Item item(JsonNode payload) {
        return items.computeIfAbsent(payload.get("sku").asString(), sku -> new Item());
    }

    private Order order(String orderId) {
        return orders.computeIfAbsent(orderId, id -> new Order());
    }

    private void orderStatus(Event event, String status) {
        Order order = order(event.aggregateId());
        order.status = status;
        order.version = event.sequence();
    }

    private void paymentStarted(JsonNode p, Event event, String status) {
        Payment payment = payments.computeIfAbsent(event.aggregateId(), id -> new Payment());
        if (payment.orderId == null) {
            payment.orderId = p.get("orderId").asString();
            payment.authorized = p.get("amount").get("amount").asLong();
        }
        payment.status = status;
        payment.version = event.sequence();
    }

    private Payment payment(Event event, String status) {
        Payment payment = payments.computeIfAbsent(event.aggregateId(), id -> new Payment());
        if (status != null) {
            payment.status = status;
        }
        payment.version = event.sequence();
        return payment;
    }

    private Rule rule(String name) {
        return rules.get(name);
    }
}
