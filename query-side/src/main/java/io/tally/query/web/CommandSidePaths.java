package io.tally.query.web;

import io.tally.web.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Command paths of the API, which the command side serves: here every method is 405 with an
 * empty {@code Allow} and a detail naming the service that takes them, not a 404.
 */
@io.swagger.v3.oas.annotations.Hidden // answers 405 only: not an operation of this service
@RestController
class CommandSidePaths {

    @RequestMapping({
        "/api/orders/{orderId}/cancel",
        "/api/orders/{orderId}/ship",
        "/api/payments/{paymentId}/refunds",
        "/api/inventory/{sku}/receipts",
        "/api/inventory/{sku}/adjustments",
        "/api/inventory/{sku}/price",
        "/api/customers/{customerId}/personal-data",
        "/api/admin/payments/**"
    })
    ResponseEntity<ProblemDetail> servedByTheCommandSide(HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                .header(HttpHeaders.ALLOW, "")
                .body(Problems.problem(
                        HttpStatus.METHOD_NOT_ALLOWED,
                        "method-not-allowed",
                        "Method not allowed",
                        request.getMethod() + " " + request.getRequestURI() + " is a command; the command side"
                                + " (port 8080 by default) takes it"));
    }
}
