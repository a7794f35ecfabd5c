package io.tally.query.console;

import io.tally.failures.StoreFailures;
import io.tally.web.problem.ApiProblemException;
import io.tally.web.problem.InvalidRequestException;
import io.tally.web.problem.Problems;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolationException;
import java.io.IOException;
import java.util.stream.Collectors;
import org.axonframework.queryhandling.QueryExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every console page shares: who is signed in, and errors as pages that say in a sentence
 * what went wrong and what to do (the API's problem+json details, read out).
 */
@ControllerAdvice(annotations = ConsoleController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConsolePages {

    private static final Logger log = LoggerFactory.getLogger(ConsolePages.class);

    @ModelAttribute("me")
    ConsoleUser me() {
        return ConsoleUser.of(SecurityContextHolder.getContext().getAuthentication());
    }

    @ExceptionHandler(InvalidRequestException.class)
    ModelAndView invalid(InvalidRequestException e) {
        return error(
                HttpStatus.BAD_REQUEST,
                "That request cannot be answered",
                e.errors().stream()
                                .map(error -> error.field() + " " + error.message())
                                .collect(Collectors.joining("; "))
                        + ".",
                "Correct the form and try again.");
    }

    @ExceptionHandler({
        ConstraintViolationException.class,
        HandlerMethodValidationException.class,
        MethodArgumentTypeMismatchException.class,
        MissingServletRequestParameterException.class
    })
    ModelAndView malformed(Exception e) {
        return error(
                HttpStatus.BAD_REQUEST,
                "That request cannot be answered",
                sentence(e.getMessage()),
                "Correct the form and try again.");
    }

    @ExceptionHandler(ApiProblemException.class)
    ModelAndView problem(ApiProblemException e) {
        HttpStatusCode status = e.problem().getStatus() == 0
                ? HttpStatus.BAD_REQUEST
                : HttpStatusCode.valueOf(e.problem().getStatus());
        return error(status, e.problem().getTitle(), sentence(e.problem().getDetail()), advice(status));
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e) {
        Throwable cause = e instanceof QueryExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof ApiProblemException problem) {
            return problem(problem);
        }
        if (cause instanceof InvalidRequestException invalid) {
            return invalid(invalid);
        }
        if (StoreFailures.isStoreUnavailable(cause)) {
            return error(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "A store is unavailable",
                    "Tally cannot reach PostgreSQL or Elasticsearch right now.",
                    "Try again in a minute.");
        }
        log.error("a console page failed", e);
        return error(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong",
                "The page could not be built; the query side's log says why.",
                "Try again, or tell an operator.");
    }

    /**
     * The page for a refused request: a form sent without its CSRF token (an old page, another site)
     * or a role that may not open the page.
     */
    void forbidden(HttpServletRequest request, HttpServletResponse response, Exception denied)
            throws IOException, ServletException {
        response.setStatus(HttpStatus.FORBIDDEN.value());
        request.getRequestDispatcher(denied instanceof CsrfException ? "/console/form-expired" : "/console/forbidden")
                .forward(request, response);
    }

    static ModelAndView error(HttpStatusCode status, String title, String detail, String advice) {
        ModelAndView page = new ModelAndView("console/error");
        page.setStatus(status);
        page.addObject("status", status.value());
        page.addObject("code", Problems.codeFor(status));
        page.addObject("title", title);
        page.addObject("detail", detail);
        page.addObject("advice", advice);
        page.addObject("me", ConsoleUser.of(SecurityContextHolder.getContext().getAuthentication()));
        return page;
    }

    private static String advice(HttpStatusCode status) {
        return switch (status.value()) {
            case 404 -> "Check the identifier, or search for it.";
            case 409 -> "Wait for the running operation to finish, then try again.";
            case 429 -> "Too many requests at once: wait a moment, then try again.";
            case 501 -> "This deployment does not offer it.";
            default -> status.is4xxClientError() ? "Correct the form and try again." : "Try again in a minute.";
        };
    }

    /** A detail as a sentence: capitalised, ending in a full stop. */
    static String sentence(String detail) {
        if (detail == null || detail.isBlank()) {
            return "";
        }
        String text = Character.toUpperCase(detail.charAt(0)) + detail.substring(1);
        return text.endsWith(".") ? text : text + ".";
    }
}
