package dev.custos.analytics;

import java.util.List;
import java.util.Map;

import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The terminal client's telemetry: a consenting person's client reports; installation administrators read. */
@RestController
class ClientTelemetryController {

    private final ClientTelemetry telemetry;
    private final Accounts accounts;

    ClientTelemetryController(ClientTelemetry telemetry, Accounts accounts) {
        this.telemetry = telemetry;
        this.accounts = accounts;
    }

    @PostMapping("/api/me/client-telemetry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Integer> report(Actor actor, @RequestBody ClientTelemetry.Report report) {
        return Map.of("counted", telemetry.record(actor, report));
    }

    @GetMapping("/api/admin/client-telemetry")
    List<ClientTelemetry.Count> counts(Actor actor, @RequestParam(defaultValue = "30") int days) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators read the client's telemetry.");
        return telemetry.counts(Math.clamp(days, 1, 366));
    }
}
