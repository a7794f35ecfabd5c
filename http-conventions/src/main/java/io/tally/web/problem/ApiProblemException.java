package io.tally.web.problem;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** An answer that is already a problem (404, 409, 412, 422 …), thrown from wherever it is known. */
public class ApiProblemException extends RuntimeException {

    private final transient ProblemDetail problem;
    private final transient HttpHeaders headers;

    public ApiProblemException(HttpStatusCode status, String code, String title, String detail) {
        this(Problems.problem(status, code, title, detail), HttpHeaders.EMPTY);
    }

    public ApiProblemException(ProblemDetail problem, HttpHeaders headers) {
        super(problem.getDetail());
        this.problem = problem;
        this.headers = headers;
    }

    public ProblemDetail problem() {
        return problem;
    }

    public HttpHeaders headers() {
        return headers;
    }
}
