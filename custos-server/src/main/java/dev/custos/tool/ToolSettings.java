package dev.custos.tool;

import java.net.IDN;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

import dev.custos.audit.AuditLog;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** A workspace's tool rules. Today: the hosts {@code http_get} may reach; none until an admin lists some. */
@Service
public class ToolSettings {

    /** @param httpAllowedHosts host names, or {@code *.example.com} for every subdomain of example.com */
    public record HttpHosts(List<String> httpAllowedHosts) {
        public HttpHosts {
            httpAllowedHosts = List.copyOf(httpAllowedHosts);
        }
    }

    private static final int MAX_HOSTS = 100;

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final AuditLog audit;
    private final Clock clock;

    ToolSettings(JdbcClient jdbc, Tenancy tenancy, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.audit = audit;
        this.clock = clock;
    }

    public HttpHosts settings(WorkspaceAccess access) {
        access.require(Permission.READ);
        return settings(access.workspace());
    }

    HttpHosts settings(WorkspaceId workspace) {
        return tenancy.inWorkspace(workspace, null, () -> jdbc.sql(
                        "SELECT http_allowed_hosts FROM tool_settings WHERE workspace_id = :ws")
                .param("ws", workspace.id())
                .query((rs, n) -> List.of((String[]) rs.getArray(1).getArray()))
                .optional().map(HttpHosts::new).orElse(new HttpHosts(List.of())));
    }

    public HttpHosts change(WorkspaceAccess access, HttpHosts requested) {
        access.require(Permission.MANAGE_WORKSPACE);
        if (requested.httpAllowedHosts().size() > MAX_HOSTS) {
            throw CustosException.invalid("too-many-hosts", "List at most " + MAX_HOSTS + " hosts.");
        }
        List<String> hosts = requested.httpAllowedHosts().stream().map(ToolSettings::normalisedHost).distinct().toList();
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            jdbc.sql("""
                    INSERT INTO tool_settings (workspace_id, http_allowed_hosts, updated_by, updated_at)
                    VALUES (:ws, :hosts, :by, :now)
                    ON CONFLICT (workspace_id) DO UPDATE SET http_allowed_hosts = :hosts, updated_by = :by,
                        updated_at = :now""")
                    .param("ws", access.workspace().id()).param("hosts", hosts.toArray(String[]::new))
                    .param("by", access.actor().person().id()).param("now", SqlTime.of(clock.instant())).update();
            audit.record(access.event("tool_settings.changed").with("http_allowed_hosts", String.join(",", hosts)));
        });
        return new HttpHosts(hosts);
    }

    /** Whether a host is on the list: exactly, or as a subdomain of a {@code *.} entry. */
    static boolean allows(HttpHosts settings, String host) {
        String candidate = host.toLowerCase(Locale.ROOT);
        return settings.httpAllowedHosts().stream().anyMatch(entry -> entry.startsWith("*.")
                ? candidate.endsWith(entry.substring(1)) : candidate.equals(entry));
    }

    /**
     * Whether a host is this machine ({@code localhost}, {@code 127.x.x.x}, {@code ::1}), where a secret may travel
     * over plain http: it crosses no network.
     */
    public static boolean isLoopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return bare.equalsIgnoreCase("localhost") || bare.startsWith("127.") || bare.equals("::1");
    }

    static String normalisedHost(String raw) {
        String host = raw.strip().toLowerCase(Locale.ROOT);
        boolean wildcard = host.startsWith("*.");
        String bare = wildcard ? host.substring(2) : host;
        try {
            bare = IDN.toASCII(bare, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw CustosException.invalid("invalid-host", "Not a host name: use names like api.example.com or "
                    + "*.example.com, without scheme or path.");
        }
        if (bare.isEmpty() || bare.length() > 253 || !bare.matches("[a-z0-9.-]+") || bare.startsWith(".")) {
            throw CustosException.invalid("invalid-host", "Not a host name: use names like api.example.com or "
                    + "*.example.com, without scheme or path.");
        }
        return wildcard ? "*." + bare : bare;
    }
}
