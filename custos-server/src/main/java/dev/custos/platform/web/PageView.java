package dev.custos.platform.web;

import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.ModelAndView;

/** What interceptors that add to pages ask of a handler's result: is a page being rendered? */
public final class PageView {

    private PageView() {
    }

    /** True for a view about to render; false for an API answer, a download or a redirect. */
    public static boolean renders(@Nullable ModelAndView page) {
        return page != null && page.getViewName() != null && !page.getViewName().startsWith("redirect:");
    }
}
