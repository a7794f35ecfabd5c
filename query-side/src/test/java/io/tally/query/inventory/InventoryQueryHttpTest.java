package io.tally.query.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.api.common.Money;
import io.tally.api.inventory.InventoryItemRegisteredEvent;
import io.tally.api.inventory.StockReceivedEvent;
import io.tally.query.QuerySideTest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

class InventoryQueryHttpTest extends QuerySideTest {

    @Autowired
    private InventoryProjector projector;

    private String stocked(long onHand) {
        String sku = uniqueId("TEA");
        replay(
                List.of(
                        event(
                                "InventoryItem",
                                sku,
                                0,
                                new InventoryItemRegisteredEvent(sku, "Green tea", Money.of(450, "EUR"), 700)),
                        event("InventoryItem", sku, 1, new StockReceivedEvent(sku, onHand, null, onHand))),
                projector);
        return sku;
    }

    @Test
    void oneItemAnswersItsLevelsAndVersionWithAnETag() throws Exception {
        String sku = stocked(12);
        HttpResponse<String> response = get("/api/inventory/" + sku, "APP");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(response.body())
                .isEqualTo("{\"sku\":\"" + sku + "\",\"name\":\"Green tea\",\"unitPrice\":"
                        + "{\"amount\":450,\"currency\":\"EUR\"},\"taxRateBasisPoints\":700,\"onHand\":12,\"reserved\":0,"
                        + "\"available\":12,\"version\":1}");
    }

    @Test
    void anUnknownSkuIs404() throws Exception {
        HttpResponse<String> response = get("/api/inventory/" + uniqueId("NONE"), "ANALYST");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    /** A command path is not "not found" on the query side: 405 and where to send it; a wrong method on a read path too. */
    @Test
    void aCommandPathIs405WithWhereToSendItAndAWrongMethodOnAReadPathIs405() throws Exception {
        HttpResponse<String> receipt = post("/api/inventory/" + uniqueId("TEA") + "/receipts", "ANALYST");
        assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(405);
        assertThat(receipt.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(receipt.headers().firstValue("Allow")).hasValue("");
        assertThat(receipt.body()).contains("\"code\":\"method-not-allowed\"", "command side");
        HttpResponse<String> onARead = post("/api/inventory/" + stocked(1), "ANALYST");
        assertThat(onARead.statusCode()).as(onARead.body()).isEqualTo(405);
        assertThat(onARead.headers().firstValue("Allow").orElse(""))
                .contains("GET")
                .doesNotContain("POST");
    }

    @Test
    void availableBelowListsOnlyLowItemsInPages() throws Exception {
        String low = stocked(3);
        String high = stocked(300);
        HttpResponse<String> response = get("/api/inventory?availableBelow=5&size=500&sort=available,asc", "ANALYST");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"sku\":\"" + low + "\"")
                .doesNotContain(high)
                .contains("\"page\":0", "\"size\":500", "\"total\":");
        HttpResponse<String> firstOnly = get("/api/inventory?size=1", "ANALYST");
        assertThat(firstOnly.body()).contains("\"size\":1").containsOnlyOnce("\"sku\":");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "size=501",
                "size=0",
                "page=-1",
                "page=abc",
                "sort=price",
                "sort=sku,sideways",
                "availableBelow=ten"
            })
    void badListParametersAre400(String query) throws Exception {
        HttpResponse<String> response = get("/api/inventory?" + query, "ANALYST");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"invalid-request\"");
    }

    @Test
    void minVersionAnswersOnceTheReadModelHasIt() throws Exception {
        String sku = stocked(1);
        assertThat(get("/api/inventory/" + sku + "?minVersion=1", "APP").statusCode())
                .isEqualTo(200);
    }

    /** The item's events exist only in the read model here, never in the event store: nothing to wait for. */
    @Test
    void minVersionBeyondWhatTheEventStoreHoldsIs409AtOnce() throws Exception {
        String sku = stocked(1);
        long started = System.nanoTime();
        HttpResponse<String> response = get("/api/inventory/" + sku + "?minVersion=9", "APP");
        assertThat(System.nanoTime() - started)
                .as("answered without the 5 s wait")
                .isLessThan(4_000_000_000L);
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body())
                .contains(
                        "\"code\":\"not-yet-consistent\"", "\"version\":1", "\"minVersion\":9", "nothing to wait for");
        HttpResponse<String> unknown = get("/api/inventory/" + uniqueId("NONE") + "?minVersion=1000000", "APP");
        assertThat(unknown.statusCode()).as("nothing anywhere: 404 at once").isEqualTo(404);
    }

    @Test
    void rolesFollowTheContract() throws Exception {
        String sku = stocked(1);
        assertThat(get("/api/inventory/" + sku, null).statusCode()).isEqualTo(401);
        assertThat(get("/api/inventory/" + sku, "APP").statusCode()).isEqualTo(200);
        assertThat(get("/api/inventory/" + sku, "ANALYST").statusCode()).isEqualTo(200);
        assertThat(get("/api/inventory/" + sku, "AUDITOR").statusCode()).isEqualTo(403);
        assertThat(get("/api/inventory/" + sku, "OPS").statusCode()).isEqualTo(403);
        assertThat(get("/api/inventory", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/inventory", "ANALYST").statusCode()).isEqualTo(200);
        assertThat(get("/api/inventory", "APP").statusCode()).isEqualTo(403);
        assertThat(get("/api/inventory", "AUDITOR").statusCode()).isEqualTo(403);
        HttpResponse<String> refused = get("/api/inventory/" + sku, "AUDITOR");
        assertThat(refused.body()).doesNotContain(sku);
    }
}
