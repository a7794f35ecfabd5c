package io.tally.command.order;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.api.order.CancelOrderCommand;
import io.tally.api.order.OrderStateView;
import io.tally.api.order.ShipOrderCommand;
import io.tally.command.web.IfMatch;
import io.tally.command.web.IsoCurrency;
import io.tally.domain.inventory.Sku;
import io.tally.domain.order.Order;
import io.tally.web.input.Names;
import io.tally.web.problem.InvalidRequestException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "orders", description = "Orders: place, ship, cancel")
@RequestMapping(path = "/api/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
class OrderController {

    private final OrderPlacement placement;
    private final CommandGateway commands;

    OrderController(OrderPlacement placement, CommandGateway commands) {
        this.placement = placement;
        this.commands = commands;
    }

    @Operation(
            operationId = "placeOrder",
            summary = "Place an order (stock is reserved and the payment authorised by the saga)")
    @ApiResponse(
            responseCode = "201",
            description = "placed: PENDING until the saga confirms or rejects it",
            headers = {
                @Header(
                        name = "Location",
                        description = "where the query side serves it",
                        schema = @Schema(type = "string")),
                @Header(
                        name = "ETag",
                        description = "the aggregate's version, quoted; send it as If-Match",
                        schema = @Schema(type = "string"))
            })
    @PostMapping
    ResponseEntity<OrderStateView> place(@Valid @RequestBody PlaceOrderRequest body) {
        Set<String> skus = new HashSet<>();
        for (int i = 0; i < body.lines().size(); i++) {
            if (!skus.add(body.lines().get(i).sku())) {
                throw new InvalidRequestException("lines[" + i + "].sku", "appears on more than one line");
            }
        }
        OrderStateView placed = placement.place(
                new OrderPlacement.Customer(
                        body.customerId(), Names.normalized(body.customerName()), body.customerEmail()),
                body.currency(),
                body.lines().stream()
                        .map(l -> new OrderPlacement.Line(l.sku(), l.quantity()))
                        .toList(),
                body.discountCode(),
                body.paymentToken());
        return ResponseEntity.created(URI.create("/api/orders/" + placed.orderId()))
                .eTag(String.valueOf(placed.version()))
                .body(placed);
    }

    @Operation(operationId = "cancelOrder", summary = "Cancel an order that has not shipped")
    @ApiResponse(
            responseCode = "200",
            description = "cancelled",
            headers = {
                @Header(
                        name = "ETag",
                        description = "the aggregate's version, quoted; send it as If-Match",
                        schema = @Schema(type = "string"))
            })
    @PostMapping("/{orderId}/cancel")
    ResponseEntity<OrderStateView> cancel(
            @PathVariable String orderId,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody CancelRequest body) {
        return answer(
                commands.sendAndWait(new CancelOrderCommand(orderId, body.reason(), IfMatch.expectedVersion(ifMatch))));
    }

    @Operation(operationId = "shipOrder", summary = "Ship a confirmed order")
    @ApiResponse(
            responseCode = "200",
            description = "shipped",
            headers = {
                @Header(
                        name = "ETag",
                        description = "the aggregate's version, quoted; send it as If-Match",
                        schema = @Schema(type = "string"))
            })
    @PostMapping("/{orderId}/ship")
    ResponseEntity<OrderStateView> ship(
            @PathVariable String orderId,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody ShipRequest body) {
        return answer(commands.sendAndWait(new ShipOrderCommand(
                orderId, body.carrier(), body.trackingNumber(), IfMatch.expectedVersion(ifMatch))));
    }

    private static ResponseEntity<OrderStateView> answer(OrderStateView view) {
        return ResponseEntity.ok().eTag(String.valueOf(view.version())).body(view);
    }

    record LineRequest(
            @NotNull @Pattern(regexp = Sku.PATTERN, message = Sku.RULE)
            String sku,

            @NotNull @Min(1) @Max(Order.MAX_QUANTITY) Long quantity) {}

    record PlaceOrderRequest(
            @NotNull @Pattern(regexp = "[A-Za-z0-9._:-]{1,64}", message = "must be 1 to 64 of A-Z a-z 0-9 . _ : -")
            String customerId,

            @NotBlank
            @Size(max = 200)
            @Pattern(regexp = Names.NO_CONTROL_CHARACTERS, message = Names.NO_CONTROL_CHARACTERS_RULE)
            String customerName,

            @NotBlank @Size(max = 254) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+")
            String customerEmail,

            @NotNull @IsoCurrency String currency,
            @NotEmpty @Size(max = Order.MAX_LINES) List<@NotNull @Valid LineRequest> lines,
            @Size(min = 1, max = 64) String discountCode,

            @NotNull @Pattern(regexp = "tok_[A-Za-z0-9_]{1,250}", message = "must be a gateway token such as tok_visa")
            String paymentToken) {}

    record CancelRequest(
            @NotBlank @Size(max = Order.MAX_TEXT_LENGTH) String reason) {}

    record ShipRequest(
            @NotBlank @Size(max = 100) String carrier,
            @NotBlank @Size(max = 100) String trackingNumber) {}
}
