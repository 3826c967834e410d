package dev.custos.platform.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the servlet container's error dispatch ends in: errors raised outside any controller (no such path, a method
 * or media type no handler takes, Spring Security's refusals). The API answers problem+json like everywhere else;
 * pages answer the readable error page. Never a stack trace, never what the request carried.
 */
@Controller
class ErrorResponses implements ErrorController {

    private final JsonMapper json;

    ErrorResponses(JsonMapper json) {
        this.json = json;
    }

    /** A browser's request: the error page, unless it asked the API (which always answers problem+json). */
    @RequestMapping(value = "${server.error.path:/error}", produces = MediaType.TEXT_HTML_VALUE)
    @Nullable ModelAndView page(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpStatus status = status(request);
        if (isApi(request)) {
            Problems.write(request, response, json, problem(request, status));
            return null;
        }
        var page = new ModelAndView("error", status);
        page.addObject("status", status.value());
        Object specific = request.getAttribute(StorableTextFilter.MESSAGE_ATTRIBUTE);
        page.addObject("message", specific != null ? specific : status.is4xxClientError() ? message(status) : null);
        return page;
    }

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> problem(HttpServletRequest request) {
        HttpStatus status = status(request);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(request, status));
    }

    /** The problem for this status, or the refusal of unstorable text a filter left word of. */
    private static ProblemDetail problem(HttpServletRequest request, HttpStatus status) {
        return request.getAttribute(StorableTextFilter.MESSAGE_ATTRIBUTE) != null
                ? Problems.of(status, StorableText.TYPE, StorableText.MESSAGE) : problem(status);
    }

    static ProblemDetail problem(HttpStatus status) {
        return Problems.of(status, Problems.slug(status), message(status));
    }

    static String message(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "There is nothing at this address.";
            case METHOD_NOT_ALLOWED -> "This address does not take that method.";
            case UNSUPPORTED_MEDIA_TYPE -> "This address does not take that content type.";
            case NOT_ACCEPTABLE -> "This address cannot answer in the media type asked for.";
            case UNAUTHORIZED -> "Sign in or send an API key first.";
            case FORBIDDEN -> "You are not allowed to do that.";
            case CONTENT_TOO_LARGE -> "The request is larger than this address accepts.";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request's headers are too large.";
            default -> status.is4xxClientError() ? "The request was not understood."
                    : "Something went wrong on our side; nothing was changed.";
        };
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    static boolean isApi(HttpServletRequest request) {
        String path = requestedPath(request);
        return path.startsWith("/api/") || path.equals("/api") || path.startsWith("/v1/");
    }

    /** The path asked for: in an error dispatch, that of the request that failed, not {@code /error}. */
    static String requestedPath(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return uri instanceof String text ? text : request.getRequestURI();
    }
}
