package dev.custos.platform.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Pages answer a refusal with a readable error page and the right status (404 for another workspace's page,
 * 403 for a role that does not allow it). REST controllers are answered first by {@link ApiExceptionHandler}.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageExceptionHandler {

    @ExceptionHandler(CustosException.class)
    ModelAndView refused(CustosException e) {
        var page = new ModelAndView("error", e.status());
        page.addObject("status", e.status().value());
        page.addObject("message", e.getMessage());
        return page;
    }
}
