package io.tally.query.inventory;

import io.swagger.v3.oas.annotations.Operation;
import io.tally.api.inventory.FindInventoryItemQuery;
import io.tally.api.inventory.FindInventoryItemsQuery;
import io.tally.api.inventory.InventoryItemPage;
import io.tally.api.inventory.InventoryItemView;
import io.tally.query.consistency.ReadModelVersions;
import io.tally.query.consistency.ReadYourWrites;
import io.tally.query.projection.ProjectionNames;
import io.tally.query.web.Futures;
import io.tally.query.web.SortOrder;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/inventory")
class InventoryQueryController {

    private final QueryGateway queries;
    private final ReadModelVersions versions;

    InventoryQueryController(QueryGateway queries, ReadModelVersions versions) {
        this.queries = queries;
        this.versions = versions;
    }

    @Operation(operationId = "getInventoryItem", summary = "One inventory item")
    @GetMapping("/{sku}")
    ResponseEntity<InventoryItemView> item(
            @PathVariable String sku, @RequestParam(required = false) @Min(0) Long minVersion) {
        return ReadYourWrites.answer(
                ProjectionNames.INVENTORY_PG,
                sku,
                minVersion,
                () -> find(sku),
                InventoryItemView::version,
                () -> versions.inventoryItem(sku),
                () -> versions.stored(sku),
                "no inventory item " + sku);
    }

    @Operation(operationId = "listInventoryItems", summary = "Inventory items, paged")
    @GetMapping
    InventoryItemPage items(
            @RequestParam(required = false) Long availableBelow,
            @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size,
            @RequestParam(required = false) String sort) {
        SortOrder order = SortOrder.parse(sort, InventoryQueries.SORT_COLUMNS.keySet(), "sku");
        return Futures.join(queries.query(
                new FindInventoryItemsQuery(availableBelow, page, size, order.field(), order.ascending()),
                InventoryItemPage.class));
    }

    private Optional<InventoryItemView> find(String sku) {
        return Futures.join(queries.query(
                new FindInventoryItemQuery(sku), ResponseTypes.optionalInstanceOf(InventoryItemView.class)));
    }
}
