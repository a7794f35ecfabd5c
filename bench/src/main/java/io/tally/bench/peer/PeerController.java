package io.tally.bench.peer;

import io.tally.api.common.Money;
import io.tally.api.inventory.ItemQuote;
import io.tally.api.inventory.QuoteItemCommand;
import io.tally.api.inventory.ReceiveStockCommand;
import io.tally.api.inventory.RegisterInventoryItemCommand;
import io.tally.api.order.PlaceOrderCommand;
import io.tally.api.order.ShipOrderCommand;
import io.tally.domain.order.pricing.OrderPricing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The slice of Tally's HTTP API the benchmark's order flow uses, translated to the same commands. */
@RestController
class PeerController {

    record NewItem(String sku, String name, Money unitPrice, int taxRateBasisPoints) {}

    record Receipt(long quantity) {}

    record Line(String sku, long quantity) {}

    record NewOrder(
            String customerId,
            String customerName,
            String customerEmail,
            String currency,
            List<Line> lines,
            String paymentToken) {}

    record Shipment(String carrier, String trackingNumber) {}

    private final CommandGateway commands;
    private final PeerTables tables;

    PeerController(CommandGateway commands, PeerTables tables) {
        this.commands = commands;
        this.tables = tables;
    }

    @PostMapping("/api/inventory")
    ResponseEntity<Map<String, Object>> register(@RequestBody NewItem item) {
        commands.sendAndWait(
                new RegisterInventoryItemCommand(item.sku(), item.name(), item.unitPrice(), item.taxRateBasisPoints()));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("sku", item.sku()));
    }

    @PostMapping("/api/inventory/{sku}/receipts")
    Object receive(@PathVariable String sku, @RequestBody Receipt receipt) {
        return commands.sendAndWait(new ReceiveStockCommand(sku, receipt.quantity(), null, null));
    }

    /** Prices every line from its item, as Tally does, keeps the card token, places the order. */
    @PostMapping("/api/orders")
    ResponseEntity<Map<String, Object>> place(@RequestBody NewOrder order) {
        List<OrderPricing.QuotedLine> quoted = new ArrayList<>();
        for (Line line : order.lines()) {
            ItemQuote quote = commands.sendAndWait(new QuoteItemCommand(line.sku()));
            quoted.add(new OrderPricing.QuotedLine(quote, line.quantity()));
        }
        OrderPricing.PricedOrder priced = OrderPricing.price(order.currency(), quoted, null);
        String orderId = "ord_" + UUID.randomUUID();
        String paymentId = "pay_" + UUID.randomUUID();
        tables.jdbc.update(
                "INSERT INTO payment_token (payment_id, token) VALUES (?, ?)", paymentId, order.paymentToken());
        commands.sendAndWait(new PlaceOrderCommand(
                orderId,
                order.customerId(),
                order.customerName(),
                order.customerEmail(),
                order.currency(),
                priced.lines(),
                null,
                priced.totals(),
                paymentId));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(Map.of("orderId", orderId, "paymentId", paymentId, "status", "PLACED", "version", 0));
    }

    @PostMapping("/api/orders/{orderId}/ship")
    Object ship(@PathVariable String orderId, @RequestBody Shipment shipment) {
        return commands.sendAndWait(new ShipOrderCommand(orderId, shipment.carrier(), shipment.trackingNumber(), null));
    }

    @GetMapping("/api/orders/{orderId}")
    ResponseEntity<Map<String, Object>> order(@PathVariable String orderId) {
        List<Map<String, Object>> rows = tables.jdbc.queryForList(
                "SELECT order_id AS \"orderId\", status, version FROM order_view WHERE order_id = ?", orderId);
        return rows.isEmpty() ? ResponseEntity.notFound().build() : ResponseEntity.ok(rows.get(0));
    }
}
