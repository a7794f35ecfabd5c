package io.tally.command.web;

import io.tally.web.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Paths of the API that the query side serves: here every method is 405 with an empty
 * {@code Allow} (this service takes none of them) and a detail naming the service that answers,
 * instead of a 404 that reads as "no such order".
 */
@io.swagger.v3.oas.annotations.Hidden // answers 405 only: not an operation of this service
@RestController
class QuerySidePaths {

    @RequestMapping({
        "/api/orders/{orderId}",
        "/api/orders/{orderId}/updates",
        "/api/inventory/{sku}",
        "/api/payments/{paymentId}",
        "/api/search/**",
        "/api/analytics/**",
        "/api/audit/**",
        "/api/admin/projections",
        "/api/admin/projections/**"
    })
    ResponseEntity<ProblemDetail> servedByTheQuerySide(HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                .header(HttpHeaders.ALLOW, "")
                .body(Problems.problem(
                        HttpStatus.METHOD_NOT_ALLOWED,
                        "method-not-allowed",
                        "Method not allowed",
                        request.getMethod() + " " + request.getRequestURI() + " is not a command; the query side"
                                + " (port 8081 by default) serves this path"));
    }
}
