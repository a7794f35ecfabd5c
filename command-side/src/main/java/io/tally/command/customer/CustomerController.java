package io.tally.command.customer;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.api.customer.CustomerPersonalDataErasedEvent;
import io.tally.axon.privacy.PersonalData;
import io.tally.web.problem.ApiProblemException;
import jakarta.validation.constraints.Pattern;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Crypto-shredding (role OPS): destroys the customer's data keys and records that it did, in one
 * transaction with the {@link CustomerPersonalDataErasedEvent} that tells the read models to drop
 * the plain copies they keep (the search index).
 */
@RestController
@Tag(name = "customers", description = "Personal data (role OPS)")
@RequestMapping("/api/customers")
class CustomerController {

    private final PersonalData personalData;
    private final EventGateway events;

    CustomerController(PersonalData personalData, EventGateway events) {
        this.personalData = personalData;
        this.events = events;
    }

    @Operation(operationId = "erasePersonalData", summary = "Erase a customer's personal data (crypto-shredding)")
    @ApiResponse(responseCode = "204", description = "erased: name and email read as erased everywhere from now on")
    @DeleteMapping("/{customerId}/personal-data")
    @Transactional
    public ResponseEntity<Void> erase(
            @PathVariable @Pattern(regexp = "[A-Za-z0-9._:-]{1,64}") String customerId, Authentication caller) {
        if (!personalData.erase(customerId, caller.getName())) {
            throw new ApiProblemException(
                    HttpStatus.NOT_FOUND, "not-found", "Not found", "no personal data of customer " + customerId);
        }
        events.publish(new CustomerPersonalDataErasedEvent(customerId));
        return ResponseEntity.noContent().build();
    }
}
