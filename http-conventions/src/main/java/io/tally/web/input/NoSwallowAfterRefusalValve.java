package io.tally.web.input;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * After a body was refused as too large (413), Tomcat would still read the rest of it to keep the
 * connection (up to {@code server.tomcat.max-swallow-size}), on the request's thread, at whatever
 * pace the client sends: a client declaring 1 GB and trickling it held a thread for as long as it
 * liked (issue 34, point 8). This valve tells Tomcat not to when what is left could be more than
 * that (a chunked body, or one declared larger): the answer is sent and the connection closed at
 * once. A body declared a little over the limit is still read, so its client sees the 413 cleanly.
 */
public final class NoSwallowAfterRefusalValve extends ValveBase {

    public NoSwallowAfterRefusalValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        long declared = request.getContentLengthLong();
        if (response.getStatus() == 413 && (declared < 0 || declared > maxSwallow(request))) {
            response.flushBuffer();
            request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        }
    }

    private static long maxSwallow(Request request) {
        return request.getConnector().getProtocolHandler()
                        instanceof org.apache.coyote.http11.AbstractHttp11Protocol<?> http
                ? http.getMaxSwallowSize()
                : 0;
    }
}
