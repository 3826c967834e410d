package dev.custos.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.platform.ClusterJobs;
import dev.custos.platform.PersonId;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Rotation of the vault keyset without downtime. {@link #rotate} adds a new version and makes it primary, then
 * re-seals every secret under it; until then the older versions keep opening what they sealed, so nothing that
 * uses a secret ever fails. An older version is destroyed by the hourly sweep once no secret is left under it and
 * every node has read the new primary (two key-cache lifetimes after it became primary), so a node that sealed
 * under the old one in the meantime is caught by the next re-seal first.
 */
@Service
public class VaultRotation {

    private static final int BATCH = 500;

    /** One version of the vault key and how many secrets it seals now. */
    public record Version(long keyId, boolean primary, long secrets) {
    }

    /** Where rotation stands: the primary version, since when, and every version with what it seals. */
    public record VaultStatus(long primaryKeyId, Instant primarySince, List<Version> versions, long secretsBehind) {
    }

    private final VaultKeys keys;
    private final CredentialVault vault;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final ClusterJobs jobs;
    private final KeysProperties properties;
    private final Clock clock;
    private final Tenancy tenancy;

    VaultRotation(VaultKeys keys, CredentialVault vault, JdbcClient jdbc, Tenancy tenancy, AuditLog audit,
                  ClusterJobs jobs, KeysProperties properties, Clock clock) {
        this.tenancy = tenancy;
        this.keys = keys;
        this.vault = vault;
        this.jdbc = jdbc;
        this.audit = audit;
        this.jobs = jobs;
        this.properties = properties;
        this.clock = clock;
    }

    public VaultStatus status() {
        VaultKeys.Versions versions = keys.versions();
        Map<Long, Long> sealed = jdbc.sql("SELECT key_id, secrets FROM vault_secrets_by_key()")
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        List<Version> listed = versions.all().stream()
                .map(id -> new Version(id, id == versions.primaryKeyId(), sealed.getOrDefault(id, 0L))).toList();
        long behind = sealed.entrySet().stream().filter(e -> e.getKey() != versions.primaryKeyId())
                .mapToLong(Map.Entry::getValue).sum();
        return new VaultStatus(versions.primaryKeyId(), versions.primarySince(), listed, behind);
    }

    /** Starts using a new version for everything and re-seals every secret under it; audited. */
    public VaultStatus rotate(PersonId by) {
        long primary = keys.addPrimary();
        audit.record(AuditEvent.installation(by, "vault.key_rotated").with("key_version", Long.toString(primary)));
        reseal(primary);
        return status();
    }

    /** Re-seals under the primary version every secret still under another. Returns how many it re-sealed. */
    int reseal(long primary) {
        int resealed = 0;
        for (UUID workspace : jdbc.sql("SELECT vault_workspaces_behind(:primary)").param("primary", primary)
                .query(UUID.class).list()) {
            WorkspaceId owner = new WorkspaceId(workspace);
            List<UUID> batch;
            do {
                batch = ids(owner, primary);
                for (UUID id : batch) {
                    resealed += vault.reseal(owner, id, primary) ? 1 : 0;
                }
            } while (batch.size() == BATCH);
        }
        return resealed;
    }

    private List<UUID> ids(WorkspaceId owner, long primary) {
        return tenancy.inWorkspace(owner, null, () -> jdbc.sql("""
                        SELECT secret_id FROM vault_secrets WHERE workspace_id = :w AND key_id <> :primary
                        ORDER BY secret_id LIMIT :batch""")
                .param("w", owner.id()).param("primary", primary).param("batch", BATCH)
                .query(UUID.class).list());
    }

    /** The hourly sweep: finish any re-sealing, then destroy versions that seal nothing. */
    @Scheduled(fixedDelayString = "1h", initialDelayString = "2m")
    void sweep() {
        jobs.runAlone("vault-rotation", () -> retire(clock.instant()));
    }

    /** Destroys older versions once every node uses the new primary and nothing is left under them. */
    Set<Long> retire(Instant now) {
        VaultKeys.Versions versions = keys.versions();
        if (versions.all().size() == 1) {
            return Set.of();
        }
        Duration settle = properties.cacheTtl().multipliedBy(2);
        if (versions.primarySince().plus(settle).isAfter(now)) {
            return Set.of(); // a node may still seal under the old primary: wait, or its secret would be lost
        }
        reseal(versions.primaryKeyId());
        if (status().secretsBehind() > 0) {
            return Set.of(); // a secret could not be re-sealed (it is being replaced): next time
        }
        Set<Long> older = versions.all().stream().filter(id -> id != versions.primaryKeyId())
                .collect(Collectors.toSet());
        Set<Long> destroyed = keys.destroy(older);
        if (!destroyed.isEmpty()) {
            audit.record(AuditEvent.system(WorkspaceId.INSTALLATION, "vault.key_versions_destroyed")
                    .with("key_versions", destroyed.stream().map(String::valueOf).collect(Collectors.joining(",")))
                    .with("primary", Long.toString(versions.primaryKeyId())));
        }
        return destroyed;
    }
}
