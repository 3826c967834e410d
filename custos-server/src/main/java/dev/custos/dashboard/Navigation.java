package dev.custos.dashboard;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.platform.web.PageView;
import dev.custos.usage.Plans;
import dev.custos.workspace.Workspace;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What the dashboard's frame shows around every signed-in page: the person, their workspaces for the switcher,
 * the workspace the page belongs to (from its URL) and the section to mark in the sidebar.
 */
@Component
class Navigation implements HandlerInterceptor, WebMvcConfigurer {

    /** The frame's model, as {@code nav} in templates. */
    public record Frame(String personName, boolean installationAdmin, List<Workspace> workspaces,
                        @Nullable Workspace current, String section, boolean billing) {
    }

    private final Workspaces workspaces;
    private final Accounts accounts;
    private final Plans plans;

    Navigation(Workspaces workspaces, Accounts accounts, Plans plans) {
        this.plans = plans;
        this.workspaces = workspaces;
        this.accounts = accounts;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                           @Nullable ModelAndView page) {
        Actor actor = Actor.current().filter(a -> !a.viaApiKey()).orElse(null);
        if (!PageView.renders(page) || actor == null || page.getModel().containsKey("nav")) {
            return;
        }
        var person = accounts.profile(actor.person());
        List<Workspace> mine = workspaces.mine(actor);
        String current = currentWorkspace(request);
        Workspace workspace = mine.stream().filter(w -> w.id().toString().equals(current)).findFirst().orElse(null);
        page.addObject("nav", new Frame(person.shownName(), person.installationAdmin(), mine, workspace,
                section(request.getRequestURI()), plans.billing()));
    }

    private static @Nullable String currentWorkspace(HttpServletRequest request) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                && variables.get("workspaceId") instanceof String id) {
            return id;
        }
        return null;
    }

    /** {@code /workspaces/{id}/agents/...} is the agents section; the workspace's own page is its overview. */
    static String section(String path) {
        String[] parts = path.split("/");
        if (parts.length >= 3 && parts[1].equals("workspaces")) {
            return parts.length == 3 ? "overview" : parts[3];
        }
        return "";
    }
}
