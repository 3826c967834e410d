package dev.custos.workspace;

import java.util.function.Function;
import java.util.function.Supplier;

import dev.custos.platform.web.CustosException;
import org.springframework.ui.Model;

/**
 * How a workspace page carries out a form: the action's sentence as a notice, or its refusal as an error, then the
 * page again with the outcome on it.
 */
public final class PageActions {

    private PageActions() {
    }

    public static String run(Model model, WorkspaceAccess access, Function<WorkspaceAccess, String> action,
                             Supplier<String> page) {
        try {
            model.addAttribute("notice", action.apply(access));
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return page.get();
    }
}
