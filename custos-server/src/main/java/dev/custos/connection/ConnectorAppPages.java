package dev.custos.connection;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.custos.connection.connector.ConnectorKind;
import dev.custos.identity.Actor;
import dev.custos.identity.IdentityProperties;
import dev.custos.platform.web.CustosException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The administration page of the built-in connectors: each service's OAuth app, and the addresses to give the
 * service (the redirect URL, and for Slack the events Request URL).
 */
@Controller
class ConnectorAppPages {

    private final ConnectorApps apps;
    private final String baseUrl;

    ConnectorAppPages(ConnectorApps apps, IdentityProperties identity) {
        this.apps = apps;
        this.baseUrl = identity.baseUrl().replaceAll("/$", "");
    }

    @GetMapping("/admin/connectors")
    String page(Actor actor, Model model) {
        Map<ConnectorKind, ConnectorApps.App> registered = apps.list(actor).stream()
                .collect(Collectors.toMap(ConnectorApps.App::kind, Function.identity()));
        model.addAttribute("kinds", Arrays.asList(ConnectorKind.values()));
        model.addAttribute("registered", registered);
        model.addAttribute("callbackUrl", baseUrl + OAuthConnections.CALLBACK_PATH);
        model.addAttribute("slackEventsUrl", baseUrl + "/integrations/slack/events");
        return "connection/connector-apps";
    }

    @PostMapping("/admin/connectors/{kind}")
    String register(Actor actor, @PathVariable String kind, @RequestParam(defaultValue = "") String clientId,
                    @RequestParam(defaultValue = "") String clientSecret,
                    @RequestParam(defaultValue = "") String signingSecret,
                    @RequestParam(defaultValue = "") String authorizeUrl, @RequestParam(defaultValue = "") String tokenUrl,
                    @RequestParam(defaultValue = "") String apiUrl, Model model) {
        try {
            ConnectorApps.App app = apps.register(actor, kind, new ConnectorApps.Registration(clientId, clientSecret,
                    signingSecret, authorizeUrl, tokenUrl, apiUrl));
            model.addAttribute("notice", app.kind().label() + "'s app is registered: workspaces can connect it.");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return page(actor, model);
    }

    @PostMapping("/admin/connectors/{kind}/remove")
    String remove(Actor actor, @PathVariable String kind, Model model) {
        try {
            apps.remove(actor, kind);
            model.addAttribute("notice", "Removed: its connections fail, saying so, until it is registered again.");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return page(actor, model);
    }
}
