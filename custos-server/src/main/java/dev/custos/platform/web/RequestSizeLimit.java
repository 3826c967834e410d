package dev.custos.platform.web;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses API request bodies over a limit with 413, whether they announce their length or stream it chunked,
 * before any of it is parsed or stored. The gateway ({@code /v1}) has a larger limit: conversations grow.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimit extends OncePerRequestFilter {

    private final long maxBytes;
    private final long maxGatewayBytes;
    private final long maxUploadBytes;
    private final JsonMapper json;

    RequestSizeLimit(@Value("${custos.api.max-body-size:1MB}") DataSize maxBodySize,
                     @Value("${custos.gateway.max-body-size:4MB}") DataSize maxGatewayBodySize,
                     @Value("${custos.api.max-upload-size:21MB}") DataSize maxUploadSize, JsonMapper json) {
        this.maxBytes = maxBodySize.toBytes();
        this.maxGatewayBytes = maxGatewayBodySize.toBytes();
        this.maxUploadBytes = maxUploadSize.toBytes();
        this.json = json;
    }

    /** A file upload (a knowledge document): multipart, with its own, larger limit. */
    private static boolean isUpload(HttpServletRequest request) {
        return String.valueOf(request.getContentType()).toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    static boolean isCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TooLarge) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/")
                && !request.getRequestURI().startsWith(GatewayErrorObject.GATEWAY);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long max = request.getRequestURI().startsWith(GatewayErrorObject.GATEWAY) ? maxGatewayBytes
                : isUpload(request) ? maxUploadBytes : maxBytes;
        if (request.getContentLengthLong() > max) {
            Problems.write(request, response, json, Problems.of(HttpStatus.CONTENT_TOO_LARGE,
                    "payload-too-large", "The request body is larger than " + max + " bytes."));
            return;
        }
        chain.doFilter(new Limited(request, max), response);
    }

    static final class TooLarge extends IOException {
        TooLarge() {
            super("request body over the limit", null);
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long max;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), max);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {
        private final ServletInputStream in;
        private final long max;
        private long read;

        Counting(ServletInputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > max) {
                throw new TooLarge();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
