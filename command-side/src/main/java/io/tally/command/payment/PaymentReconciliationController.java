package io.tally.command.payment;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/admin/payments/reconciliation} (role OPS): the gateway's ledger against the event store. */
@RestController
@Tag(name = "admin", description = "Operations (role OPS)")
class PaymentReconciliationController {

    private final PaymentReconciliation reconciliation;

    PaymentReconciliationController(PaymentReconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    /** {@code paymentId} (repeatable) narrows it to those payments; without, every payment. */
    @Operation(operationId = "reconcilePayments", summary = "The card processor's ledger against the event store")
    @ApiResponse(responseCode = "200", description = "the report")
    @GetMapping("/api/admin/payments/reconciliation")
    PaymentReconciliation.Report reconciliation(
            @RequestParam(name = "paymentId", required = false) java.util.List<@Size(max = 100) String> paymentIds) {
        return reconciliation.reconcile(paymentIds == null ? java.util.Set.of() : java.util.Set.copyOf(paymentIds));
    }
}
