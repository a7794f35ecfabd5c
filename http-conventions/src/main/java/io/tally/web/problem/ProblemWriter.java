package io.tally.web.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Writes a problem+json response from a servlet filter or security handler, where no controller advice runs. */
public class ProblemWriter {

    private final JsonMapper jsonMapper;

    public ProblemWriter(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        byte[] body = bytes(problem);
        // whole, not chunked: after a 413 the connection may close with the body unread
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The problem's body as it is written, for answers that are also kept (idempotency replays). */
    public byte[] bytes(ProblemDetail problem) {
        return jsonMapper.writeValueAsBytes(Problems.asMap(problem));
    }
}
