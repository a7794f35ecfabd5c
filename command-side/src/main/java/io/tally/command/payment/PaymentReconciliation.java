package io.tally.command.payment;

import io.tally.axon.TallyAxonProperties;
import io.tally.command.payment.gateway.PaymentGateway;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's ledger against the money movements the event store recorded: every authorisation,
 * capture, void and refund on both sides exactly once, for the same amount. A movement the store
 * has decided but not yet recorded (requested, answer pending) is listed as in flight, not as a
 * difference. It reads every payment event, so it costs one scan of them.
 */
@Component
class PaymentReconciliation {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PAYMENT = "io.tally.api.payment.";

    /** The answer: whether both sides agree, how many movements each has, and each difference. */
    record Report(
            boolean agreed, long gatewayMovements, long storeMovements, long inFlight, List<String> differences) {}

    private final JdbcClient jdbc;
    private final PaymentGateway gateway;
    private final String events;

    PaymentReconciliation(JdbcClient jdbc, PaymentGateway gateway, TallyAxonProperties properties) {
        this.jdbc = jdbc;
        this.gateway = gateway;
        this.events = properties.eventSchema() + ".domain_event_entry";
    }

    /** Over every payment ({@code only} empty) or over those payments alone. */
    Report reconcile(Set<String> only) {
        Map<String, Long> store = new TreeMap<>();
        Set<String> voidRequested = new HashSet<>();
        Map<String, Long> authorized = new HashMap<>();
        Set<String> requested = new TreeSet<>();
        jdbc.sql("SELECT aggregate_identifier, payload_type, payload FROM " + events
                        + " WHERE payload_type LIKE :payments ORDER BY global_index")
                .param("payments", PAYMENT + "%")
                .query(rows -> {
                    String id = rows.getString(1);
                    if (!only.isEmpty() && !only.contains(id)) {
                        return;
                    }
                    String type = rows.getString(2).substring(PAYMENT.length());
                    JsonNode p = JSON.readTree(rows.getString(3));
                    long amount = p.path("amount").path("amount").asLong();
                    switch (type) {
                        case "PaymentAuthorizedEvent" -> {
                            authorized.put(id, amount);
                            store.merge(id + " authorization " + amount, 1L, Long::sum);
                        }
                        case "PaymentCaptureRequestedEvent" -> requested.add(id + " capture");
                        case "PaymentCapturedEvent", "PaymentCaptureFailedEvent" -> {
                            requested.remove(id + " capture");
                            if (type.equals("PaymentCapturedEvent")) {
                                store.merge(id + " capture " + amount, 1L, Long::sum);
                            }
                        }
                        case "PaymentVoidRequestedEvent" -> {
                            voidRequested.add(id);
                            requested.add(id + " void");
                        }
                        case "PaymentVoidedEvent" -> {
                            if (voidRequested.contains(id)) {
                                requested.remove(id + " void");
                                store.merge(id + " void " + authorized.getOrDefault(id, amount), 1L, Long::sum);
                            }
                        }
                        case "PaymentRefundRequestedEvent" ->
                            requested.add(id + " refund " + p.path("refundId").asString(""));
                        case "PaymentRefundedEvent", "PaymentRefundFailedEvent" -> {
                            String refund = p.path("refundId").asString("");
                            requested.remove(id + " refund " + refund);
                            if (type.equals("PaymentRefundedEvent")) {
                                store.merge(id + " refund " + refund + " " + amount, 1L, Long::sum);
                            }
                        }
                        default -> {
                            // pending, declined: no money moved
                        }
                    }
                });
        Map<String, Long> ledger = new TreeMap<>();
        for (PaymentGateway.Movement movement : gateway.ledger()) {
            if (!only.isEmpty() && !only.contains(movement.paymentId())) {
                continue;
            }
            ledger.merge(
                    movement.paymentId() + " " + movement.type()
                            + (movement.refundId() == null ? "" : " " + movement.refundId()) + " " + movement.amount(),
                    1L,
                    Long::sum);
        }
        List<String> differences = new ArrayList<>();
        Set<String> keys = new TreeSet<>(store.keySet());
        keys.addAll(ledger.keySet());
        for (String key : keys) {
            long atGateway = ledger.getOrDefault(key, 0L);
            long inStore = store.getOrDefault(key, 0L);
            if (atGateway == 1 && inStore == 1) {
                continue;
            }
            if (atGateway == 1 && inStore == 0 && requested.stream().anyMatch(key::startsWith)) {
                continue; // done at the gateway, its answer not recorded yet
            }
            differences.add("payment " + key + ": " + atGateway + "x in the gateway's ledger, " + inStore
                    + "x in the event store");
        }
        long gatewayCount = ledger.values().stream().mapToLong(Long::longValue).sum();
        long storeCount = store.values().stream().mapToLong(Long::longValue).sum();
        return new Report(differences.isEmpty(), gatewayCount, storeCount, requested.size(), differences);
    }
}
