package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The shared scenario suite: what Axon's parts must do whichever of them runs, Tally's departures
 * (docs/axon-departures.md) or Axon's own. Each scenario runs twice, against the shared system with
 * every departure on ({@link AxonScenariosOnDeparturesEndToEndTest}) and against a system of its
 * own on stock Axon, {@code TALLY_AXON_STOCK=all} ({@link AxonScenariosOnStockAxonEndToEndTest}):
 * stock Axon is the oracle, and a departure that breaks what holds on stock fails its run.
 * <ul>
 * <li>sagas: their steps, their deadline and their compensation, each outcome stored once;</li>
 * <li>a deadline that fell due while the service was down fires after its restart;</li>
 * <li>aggregate loading: receipts racing on one item across two instances lose no update, a
 * snapshot is taken, and the item loads from it after a crash;</li>
 * <li>token claims and segment moves: an instance killed in the middle of saga steps, its segments
 * claimed by the one left, every order ending once.</li>
 * </ul>
 */
abstract class AxonScenarios {

    /** The system the scenarios run against. */
    abstract RunningSystem system() throws Exception;

    @Test
    void aSagaRunsItsStepsItsDeadlineAndItsCompensationEachOnce() throws Exception {
        RunningSystem system = system();
        String sku = "SCN-SAGA-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 1500, 2000, 5);
        String confirmed = system.placeOrder("cus_scenario", sku, "EUR", "tok_visa");
        String declined = system.placeOrder("cus_scenario", sku, "EUR", "tok_declined");
        String unanswered = system.placeOrder("cus_scenario", sku, "EUR", "tok_timeout");

        assertThat(system.awaitOrderStatus(confirmed, Duration.ofSeconds(30), "CONFIRMED", "REJECTED"))
                .isEqualTo("CONFIRMED");
        assertThat(system.awaitOrderStatus(declined, Duration.ofSeconds(30), "CONFIRMED", "REJECTED"))
                .isEqualTo("REJECTED");
        // the gateway never answers: the saga's payment deadline rejects the order
        assertThat(system.awaitOrderStatus(unanswered, Duration.ofSeconds(60), "CONFIRMED", "REJECTED"))
                .isEqualTo("REJECTED");
        // compensation: the two rejected orders' reservations released, the confirmed one's kept
        system.awaitLevels(sku, 5, 1);
        for (String order : List.of(confirmed, declined, unanswered)) {
            assertThat(system.countEvents(order, "OrderConfirmedEvent")
                            + system.countEvents(order, "OrderRejectedEvent"))
                    .as("outcomes stored for " + order)
                    .isEqualTo(1);
        }
        assertThat(system.countEvents(sku, "StockReleasedEvent"))
                .as("releases of " + sku)
                .isEqualTo(2);
    }

    @Test
    void aDeadlineDueWhileCommandSideWasDownStillFiresAfterRestart() throws Exception {
        RunningSystem system = system();
        String sku = "SCN-RESTART-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 2500, 2000, 5);
        String orderId = RunningSystem.JSON
                .readTree(system.command(
                                "POST", "/api/orders", OrderLifecycleEndToEndTest.orderJson("tok_timeout", sku, "2"))
                        .body())
                .get("orderId")
                .asString();
        system.awaitLevels(sku, 5, 2);
        assertThat(system.orderStatus(orderId)).isEqualTo("PLACED");

        system.restartCommandSide(() -> {
            try {
                // stay down past the payment deadline, so it falls due while nothing runs
                Thread.sleep(RunningSystem.PAYMENT_TIMEOUT.plusSeconds(1).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        assertThat(system.awaitOrderStatus(orderId, Duration.ofSeconds(30), "REJECTED", "CONFIRMED"))
                .isEqualTo("REJECTED");
        system.awaitLevels(sku, 5, 0);
        assertThat(system.countEvents(orderId, "OrderRejectedEvent")).isEqualTo(1);
    }

    @Test
    void racingInstancesLoseNoUpdateAndAKilledInstancesSegmentsAndStepsAreTakenOver() throws Exception {
        RunningSystem system = system();
        int second = system.startInstance("scenario-command-side-2", "command-side");
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            // sixty receipts on one item, sent to both instances at once: every one counted, a snapshot taken
            String sku = "SCN-RACE-" + UUID.randomUUID().toString().substring(0, 8);
            system.stock(sku, 1000, 0, 0);
            List<Callable<Integer>> receipts = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                int port = i % 2 == 0 ? system.commandPort : second;
                receipts.add(() -> system.send(
                                "POST",
                                port,
                                "/api/inventory/" + sku + "/receipts",
                                system.token("APP"),
                                "{\"quantity\":1}")
                        .statusCode());
            }
            for (Future<Integer> status : clients.invokeAll(receipts)) {
                assertThat(status.get()).isEqualTo(200);
            }
            assertThat(system.countEvents(sku, "StockReceivedEvent")).isEqualTo(60);
            await().atMost(Duration.ofSeconds(30)).until(() -> system.countSnapshots(sku) > 0);

            // orders racing for the item's last units on both instances: never oversold
            String scarce = "SCN-LAST-" + UUID.randomUUID().toString().substring(0, 8);
            system.stock(scarce, 1000, 0, 4);
            List<Callable<String>> racing = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int port = i % 2 == 0 ? system.commandPort : second;
                racing.add(() -> placeOn(system, port, scarce, "tok_visa"));
            }
            List<String> raced = new ArrayList<>();
            for (Future<String> order : clients.invokeAll(racing)) {
                raced.add(order.get());
            }
            long won = 0;
            for (String order : raced) {
                if (system.awaitOrderStatus(order, Duration.ofSeconds(60), "CONFIRMED", "REJECTED")
                        .equals("CONFIRMED")) {
                    won++;
                }
            }
            assertThat(won).as("orders confirmed for 4 units").isEqualTo(4);

            // orders in flight, then the first instance killed in the middle of their saga steps
            String customer = "cus_scn_" + UUID.randomUUID().toString().substring(0, 8);
            List<Callable<String>> inFlight = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int port = i % 2 == 0 ? system.commandPort : second;
                String token = i % 4 == 3 ? "tok_timeout" : "tok_visa";
                inFlight.add(() -> placeOnFor(system, port, customer, sku, token));
            }
            List<Future<String>> placing = new ArrayList<>();
            for (Callable<String> order : inFlight) {
                placing.add(clients.submit(order));
            }
            List<String> orders = new ArrayList<>();
            for (Future<String> order : placing) {
                orders.add(order.get());
            }
            system.killCommandSide();
            // the instance left claims the dead one's segments once its claims time out, and runs its steps
            for (int i = 0; i < 4; i++) {
                orders.add(placeOnFor(system, second, customer, sku, i == 3 ? "tok_timeout" : "tok_visa"));
            }
            for (String order : orders) {
                assertThat(system.awaitOrderStatus(order, Duration.ofSeconds(90), "CONFIRMED", "REJECTED"))
                        .as(order)
                        .isIn("CONFIRMED", "REJECTED");
            }
            system.startCommandSide();
            // the item loads from its snapshot on the restarted instance: one more receipt, counted on the rest
            HttpResponse<String> receipt = system.send(
                    "POST",
                    system.commandPort,
                    "/api/inventory/" + sku + "/receipts",
                    system.token("APP"),
                    "{\"quantity\":1}");
            assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(200);
            for (String order : orders) {
                assertThat(system.countEvents(order, "OrderConfirmedEvent")
                                + system.countEvents(order, "OrderRejectedEvent"))
                        .as("outcomes stored for " + order)
                        .isEqualTo(1);
            }
            system.awaitReadModelsConverge(customer, orders, Duration.ofSeconds(60));
            long confirmedOrders = 0;
            for (String order : orders) {
                confirmedOrders += system.countEvents(order, "OrderConfirmedEvent");
            }
            // every receipt on hand, and exactly the confirmed orders' units still reserved
            system.awaitLevels(sku, 61, confirmedOrders);
        } finally {
            clients.shutdownNow();
            system.stopProcess("scenario-command-side-2");
        }
        StringBuilder report = new StringBuilder();
        assertThat(system.checkInvariants(report)).as(report.toString()).isTrue();
    }

    private static String placeOn(RunningSystem system, int port, String sku, String paymentToken) throws Exception {
        return placeOnFor(system, port, "cus_scenario", sku, paymentToken);
    }

    private static String placeOnFor(RunningSystem system, int port, String customer, String sku, String paymentToken)
            throws Exception {
        HttpResponse<String> response = system.send(
                "POST", port, "/api/orders", system.token("APP"), """
                {"customerId":"%s","customerName":"Scenario Tester","customerEmail":"scenario@example.com",
                 "currency":"EUR","lines":[{"sku":"%s","quantity":1}],"paymentToken":"%s"}""".formatted(customer, sku, paymentToken));
        if (response.statusCode() != 201) {
            throw new AssertionError("placing an order: " + response.statusCode() + " " + response.body());
        }
        return RunningSystem.JSON.readTree(response.body()).get("orderId").asString();
    }
}
