package io.tally.web.problem;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error page, for what Tomcat refuses before Spring sees it (an encoded slash in a
 * path, a malformed request line or header): problem+json like every other error, never HTML.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String title = status == 400 ? "Bad Request" : status >= 500 ? "Internal Server Error" : "Error";
        String code = status == 400 ? "invalid-request" : status >= 500 ? "internal-error" : "error";
        String detail = status == 400
                ? "the request line or headers are malformed"
                : status >= 500 ? "the request failed unexpectedly; nothing was stored" : title;
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"https://tally.dev/problems/" + code + "\",\"title\":\"" + title
                        + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away; nothing more to say
        }
    }
}
