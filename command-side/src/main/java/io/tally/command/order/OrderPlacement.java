package io.tally.command.order;

import io.tally.api.inventory.ItemQuote;
import io.tally.api.inventory.QuoteItemCommand;
import io.tally.api.order.OrderStateView;
import io.tally.api.order.OrderStatus;
import io.tally.api.order.PlaceOrderCommand;
import io.tally.command.payment.gateway.PaymentTokenVault;
import io.tally.domain.BusinessRuleViolation;
import io.tally.domain.order.pricing.DiscountCode;
import io.tally.domain.order.pricing.OrderPricing;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Service;

/**
 * Places an order: prices every line from its inventory item as it is now (never from the
 * client), leaves the card token in the vault for the gateway, and sends PlaceOrderCommand.
 */
@Service
class OrderPlacement {

    private final CommandGateway commands;
    private final PaymentTokenVault vault;

    OrderPlacement(CommandGateway commands, PaymentTokenVault vault) {
        this.commands = commands;
        this.vault = vault;
    }

    record Line(String sku, long quantity) {}

    record Customer(String id, String name, String email) {}

    OrderStateView place(
            Customer customer, String currency, List<Line> lines, String discountCode, String paymentToken) {
        DiscountCode discount = discountCode == null
                ? null
                : DiscountCode.find(discountCode)
                        .orElseThrow(() ->
                                new BusinessRuleViolation("unknown-discount-code", "no discount code " + discountCode));
        List<OrderPricing.QuotedLine> quoted = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            ItemQuote quote;
            try {
                quote = commands.sendAndWait(new QuoteItemCommand(line.sku()));
            } catch (AggregateNotFoundException e) {
                throw new BusinessRuleViolation("unknown-sku", "lines[" + i + "].sku: no inventory item " + line.sku());
            }
            if (!quote.unitPrice().currency().equals(currency)) {
                throw new BusinessRuleViolation(
                        "currency-mismatch",
                        "lines[" + i + "].sku: " + line.sku() + " is priced in "
                                + quote.unitPrice().currency() + ", the order is in " + currency);
            }
            quoted.add(new OrderPricing.QuotedLine(quote, line.quantity()));
        }
        OrderPricing.PricedOrder priced = OrderPricing.price(currency, quoted, discount);
        String orderId = "ord_" + UUID.randomUUID();
        String paymentId = "pay_" + UUID.randomUUID();
        vault.store(paymentId, paymentToken);
        commands.sendAndWait(new PlaceOrderCommand(
                orderId,
                customer.id(),
                customer.name(),
                customer.email(),
                currency,
                priced.lines(),
                discountCode,
                priced.totals(),
                paymentId));
        return new OrderStateView(orderId, OrderStatus.PLACED, priced.totals(), paymentId, 0);
    }
}
