package dev.custos.relocation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.AccountClaims;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.keys.WorkspaceKeyTransfer;
import dev.custos.platform.KeepOpen;
import dev.custos.platform.PersonId;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.MovedWorkspaces;
import dev.custos.agent.SessionHistory;
import dev.custos.workspace.Workspace;
import dev.custos.workspace.WorkspaceFreeze;
import dev.custos.workspace.Workspaces;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first installation's half of a move: the workspace frozen, its package taken from one snapshot and sealed
 * under a fresh transfer key (given to the administrator once, never kept), then, on the receiving installation's
 * receipt, the workspace erased here as a deleted workspace is; or the move called off and the workspace opened
 * again. Every step is in the workspace's audit chain and the installation's.
 */
@Service
public class MoveOut {

    /** A package taken: the transfer key (shown once), its digest, and what it holds. */
    public record Packaged(UUID workspace, Workspace.Region from, Workspace.Region to, String transferKey,
                           String digest, long rows, int members, List<String> leftBehind, String download) {

        @Override
        public String toString() {
            return "Packaged[" + workspace + " to " + to + "]"; // never the transfer key
        }
    }

    private final WorkspaceRows rows;
    private final MovePackages packages;
    private final WorkspaceFreeze freeze;
    private final Workspaces workspaces;
    private final SessionHistory sessions;
    private final AccountClaims accounts;
    private final WorkspaceKeyTransfer keys;
    private final MovedWorkspaces moved;
    private final Accounts admins;
    private final SchemaVersion schema;
    private final AuditLog audit;
    private final Tenancy tenancy;
    private final JdbcClient jdbc;
    private final TransactionTemplate snapshot;
    private final JsonMapper json;
    private final Clock clock;

    MoveOut(WorkspaceRows rows, MovePackages packages, WorkspaceFreeze freeze, Workspaces workspaces,
            SessionHistory sessions, AccountClaims accounts, WorkspaceKeyTransfer keys, MovedWorkspaces moved,
            Accounts admins, SchemaVersion schema, AuditLog audit, Tenancy tenancy, JdbcClient jdbc,
            PlatformTransactionManager transactions, JsonMapper json, Clock clock) {
        this.rows = rows;
        this.packages = packages;
        this.freeze = freeze;
        this.workspaces = workspaces;
        this.sessions = sessions;
        this.accounts = accounts;
        this.keys = keys;
        this.moved = moved;
        this.admins = admins;
        this.schema = schema;
        this.audit = audit;
        this.tenancy = tenancy;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
    }

    /**
     * Freezes the workspace and takes its package; refused while a run is working in it (the freeze stops new
     * ones: try again once they end) and when a move has started already.
     */
    public Packaged start(Actor admin, WorkspaceId workspace, Workspace.Region to) {
        admins.requireInstallationAdmin(admin, "Only installation administrators move workspaces.");
        Workspace.Region from = workspaces.region(workspace);
        requireNoRunWorking(workspace);
        freeze.freeze(workspace, to, admin.person());
        if (sessions.running(workspace) > 0) { // one started as the freeze was made
            freeze.thaw(workspace, admin.person());
            throw CustosException.conflict("runs-in-progress", "A run started in this workspace as it was being "
                    + "frozen: ask again once it has ended.");
        }
        try {
            return takePackage(admin, workspace, from, to);
        } catch (RuntimeException e) {
            freeze.thaw(workspace, admin.person()); // nothing was handed out: the workspace opens again
            deletePackage(workspace);
            throw e;
        }
    }

    private Packaged takePackage(Actor admin, WorkspaceId workspace, Workspace.Region from, Workspace.Region to) {
        byte[] transferKey = WorkspaceKeyTransfer.newTransferKey();
        MoveManifest manifest;
        String digest;
        try (OutputStream file = packages.create(workspace)) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (OutputStream sealed = WorkspaceKeyTransfer.sealing(new DigestOutputStream(file, sha256),
                    transferKey)) {
                manifest = write(workspace, from, to, transferKey, sealed);
            }
            digest = HexFormat.of().formatHex(sha256.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("The move package could not be written", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        freeze.packaged(workspace, digest, admin.person());
        audit.record(AuditEvent.installation(admin.person(), "workspace.move_packaged").on("workspace", workspace)
                .with("to", to.name()).with("digest", digest));
        return new Packaged(workspace.id(), from, to,
                Base64.getUrlEncoder().withoutPadding().encodeToString(transferKey), digest, manifest.rows(),
                manifest.members().size(), manifest.leftBehind(),
                "/api/admin/workspaces/" + workspace + "/move/package");
    }

    /** The package as taken, for the administrator to carry to the other installation. */
    public InputStream download(Actor admin, WorkspaceId workspace) {
        admins.requireInstallationAdmin(admin, "Only installation administrators move workspaces.");
        if (freeze.frozen(workspace).map(WorkspaceFreeze.Frozen::packageDigest).isEmpty()
                || !packages.exists(workspace)) {
            throw CustosException.notFound("A move package of this workspace");
        }
        try {
            return packages.open(workspace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Erases the workspace here once the other installation's receipt shows it took in this very package:
     * its rows as a deleted workspace's go (what the law keeps stays, unreadable), its keys are destroyed.
     */
    public void complete(Actor admin, WorkspaceId workspace, String receipt) {
        admins.requireInstallationAdmin(admin, "Only installation administrators move workspaces.");
        WorkspaceFreeze.Frozen frozen = freeze.frozen(workspace).orElseThrow(() -> CustosException.conflict("no-move",
                "This workspace is not being moved."));
        if (frozen.packageDigest() == null || !frozen.packageDigest().equals(receipt.strip().toLowerCase())) {
            throw CustosException.conflict("receipt-mismatch", "This receipt is not for the package taken of this "
                    + "workspace: give the receipt the other installation answered when it took the package in.");
        }
        moved.erase(workspace, frozen.to().name());
        audit.record(AuditEvent.installation(admin.person(), "workspace.moved_out").on("workspace", workspace)
                .with("to", frozen.to().name()).with("digest", receipt.strip()));
        deletePackage(workspace);
    }

    /** Calls the move off: the package goes, the workspace opens here again as it was. */
    public void callOff(Actor admin, WorkspaceId workspace) {
        admins.requireInstallationAdmin(admin, "Only installation administrators move workspaces.");
        freeze.thaw(workspace, admin.person());
        deletePackage(workspace);
    }

    private MoveManifest write(WorkspaceId workspace, Workspace.Region from, Workspace.Region to, byte[] transferKey,
                               OutputStream sealed) {
        WorkspaceRows.Plan plan = rows.plan();
        return snapshot.execute(status -> tenancy.inWorkspace(workspace, null, () -> {
            List<PersonId> members = jdbc.sql("SELECT person_id FROM memberships WHERE workspace_id = :w")
                    .param("w", workspace.id()).query((rs, n) -> new PersonId(rs.getObject(1, UUID.class))).list();
            MoveManifest manifest = new MoveManifest(MoveManifest.FORMAT, workspace.id(), workspaces.name(workspace),
                    from, to, schema.current(), clock.instant(), rows.counts(workspace, plan.moving()),
                    plan.leftBehind(), accounts.travellers(members));
            try {
                var zip = new ZipOutputStream(KeepOpen.output(sealed));
                zip.putNextEntry(new ZipEntry(MoveManifest.ENTRY));
                zip.write(json.writeValueAsBytes(manifest));
                zip.putNextEntry(new ZipEntry(MoveManifest.KEYS));
                zip.write(keys.export(workspace, transferKey));
                for (WorkspaceRows.MovingTable table : plan.moving()) {
                    zip.putNextEntry(new ZipEntry(MoveManifest.ROWS + table.name()));
                    rows.write(workspace, table, zip);
                }
                zip.closeEntry();
                zip.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return manifest;
        }));
    }

    private void requireNoRunWorking(WorkspaceId workspace) {
        int running = sessions.running(workspace);
        if (running > 0) {
            throw CustosException.conflict("runs-in-progress", running + " run(s) are working in this workspace: "
                    + "ask again once they have ended.");
        }
    }

    private void deletePackage(WorkspaceId workspace) {
        try {
            packages.delete(workspace);
        } catch (IOException e) {
            throw new UncheckedIOException("The move package could not be deleted", e);
        }
    }
}
