package io.tally.command.inventory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.api.inventory.AdjustStockCommand;
import io.tally.api.inventory.ChangeUnitPriceCommand;
import io.tally.api.inventory.InventoryItemView;
import io.tally.api.inventory.ReceiveStockCommand;
import io.tally.api.inventory.RegisterInventoryItemCommand;
import io.tally.command.web.IfMatch;
import io.tally.command.web.MoneyBody;
import io.tally.domain.inventory.InventoryItem;
import io.tally.domain.inventory.Sku;
import io.tally.web.input.Names;
import io.tally.web.problem.InvalidRequestException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "inventory", description = "Stock items: register, receive, adjust, price")
@RequestMapping(path = "/api/inventory", consumes = MediaType.APPLICATION_JSON_VALUE)
class InventoryController {

    private final CommandGateway commands;

    InventoryController(CommandGateway commands) {
        this.commands = commands;
    }

    @Operation(operationId = "registerInventoryItem", summary = "Register an inventory item")
    @ApiResponse(
            responseCode = "201",
            description = "registered",
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
    ResponseEntity<InventoryItemView> register(@Valid @RequestBody RegisterItemRequest body) {
        String name = Names.normalized(body.name());
        commands.sendAndWait(new RegisterInventoryItemCommand(
                body.sku(), name, body.unitPrice().toMoney(), body.taxRateBasisPoints()));
        InventoryItemView created = new InventoryItemView(
                body.sku(), name, body.unitPrice().toMoney(), body.taxRateBasisPoints(), 0, 0, 0, 0);
        return ResponseEntity.created(URI.create("/api/inventory/" + body.sku()))
                .eTag(String.valueOf(created.version()))
                .body(created);
    }

    @Operation(operationId = "receiveStock", summary = "Receive stock into an item")
    @ApiResponse(
            responseCode = "200",
            description = "received",
            headers = {
                @Header(
                        name = "ETag",
                        description = "the aggregate's version, quoted; send it as If-Match",
                        schema = @Schema(type = "string"))
            })
    @PostMapping("/{sku}/receipts")
    ResponseEntity<InventoryItemView> receive(
            @PathVariable String sku,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody ReceiptRequest body) {
        return answer(commands.sendAndWait(
                new ReceiveStockCommand(sku, body.quantity(), body.reference(), IfMatch.expectedVersion(ifMatch))));
    }

    @Operation(operationId = "adjustStock", summary = "Adjust an item's stock up or down, with a reason")
    @ApiResponse(
            responseCode = "200",
            description = "adjusted",
            headers = {
                @Header(
                        name = "ETag",
                        description = "the aggregate's version, quoted; send it as If-Match",
                        schema = @Schema(type = "string"))
            })
    @PostMapping("/{sku}/adjustments")
    ResponseEntity<InventoryItemView> adjust(
            @PathVariable String sku,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody AdjustmentRequest body) {
        if (body.delta() == 0) {
            throw new InvalidRequestException("delta", "must not be zero");
        }
        return answer(commands.sendAndWait(
                new AdjustStockCommand(sku, body.delta(), body.reason(), IfMatch.expectedVersion(ifMatch))));
    }

    @Operation(operationId = "changeUnitPrice", summary = "Change an item's unit price")
    @ApiResponse(
            responseCode = "200",
            description = "changed",
            headers = {
                @Header(
                        name = "ETag",
                        description = "the aggregate's version, quoted; send it as If-Match",
                        schema = @Schema(type = "string"))
            })
    @PutMapping("/{sku}/price")
    ResponseEntity<InventoryItemView> changePrice(
            @PathVariable String sku,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody PriceRequest body) {
        return answer(commands.sendAndWait(
                new ChangeUnitPriceCommand(sku, body.unitPrice().toMoney(), IfMatch.expectedVersion(ifMatch))));
    }

    private static ResponseEntity<InventoryItemView> answer(InventoryItemView view) {
        return ResponseEntity.ok().eTag(String.valueOf(view.version())).body(view);
    }

    record RegisterItemRequest(
            @NotNull @Pattern(regexp = Sku.PATTERN, message = Sku.RULE)
            String sku,

            @NotBlank
            @Size(max = InventoryItem.MAX_NAME_LENGTH)
            @Pattern(regexp = Names.NO_CONTROL_CHARACTERS, message = Names.NO_CONTROL_CHARACTERS_RULE)
            String name,

            @NotNull @Valid MoneyBody unitPrice,

            @NotNull @Min(0) @Max(InventoryItem.MAX_TAX_RATE_BASIS_POINTS)
            Integer taxRateBasisPoints) {}

    record ReceiptRequest(
            @NotNull @Min(1) @Max(InventoryItem.MAX_QUANTITY)
            Long quantity,

            @Size(max = InventoryItem.MAX_TEXT_LENGTH) String reference) {}

    record AdjustmentRequest(
            @NotNull @Min(-InventoryItem.MAX_QUANTITY) @Max(InventoryItem.MAX_QUANTITY)
            Long delta,

            @NotBlank @Size(max = InventoryItem.MAX_TEXT_LENGTH)
            String reason) {}

    record PriceRequest(@NotNull @Valid MoneyBody unitPrice) {}
}
