package dev.custos.relocation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.AccountClaims;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.keys.WorkspaceKeyTransfer;
import dev.custos.platform.KeepOpen;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Regions;
import dev.custos.workspace.Workspace;
import dev.custos.workspace.WorkspaceFreeze;
import dev.custos.workspace.Workspaces;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The receiving installation's half of a move: a package opened with its transfer key and checked whole (format,
 * schema version, region kept here, workspace not here yet), then taken in in one transaction: keys and secrets
 * under this installation's, every row as it was, the members' accounts made for them to claim, the region set,
 * the arrival appended to the workspace's own audit chain. Anything wrong and nothing is kept (the keys put in the
 * key store first are kept once, and are harmless without the rows). The receipt is the digest of the package.
 */
@Service
public class MoveIn {

    /** A workspace that arrived: what came, what stayed behind, who must claim their account, and the receipt. */
    public record Arrival(UUID workspace, Workspace.Region region, long rows, int keys, int secrets,
                          List<AccountClaims.Arrived> members, List<String> leftBehind, String receipt) {
    }

    private final WorkspaceRows rows;
    private final WorkspaceKeyTransfer keys;
    private final AccountClaims accounts;
    private final WorkspaceFreeze freeze;
    private final Workspaces workspaces;
    private final Regions regions;
    private final Accounts admins;
    private final SchemaVersion schema;
    private final AuditLog audit;
    private final Tenancy tenancy;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    MoveIn(WorkspaceRows rows, WorkspaceKeyTransfer keys, AccountClaims accounts, WorkspaceFreeze freeze,
           Workspaces workspaces, Regions regions, Accounts admins, SchemaVersion schema, AuditLog audit,
           Tenancy tenancy, TransactionTemplate transactions, JsonMapper json) {
        this.rows = rows;
        this.keys = keys;
        this.accounts = accounts;
        this.freeze = freeze;
        this.workspaces = workspaces;
        this.regions = regions;
        this.admins = admins;
        this.schema = schema;
        this.audit = audit;
        this.tenancy = tenancy;
        this.transactions = transactions;
        this.json = json;
    }

    /** Takes in the package read from {@code sealed} with the transfer key the first installation gave. */
    public Arrival accept(Actor admin, InputStream sealed, byte[] transferKey) {
        admins.requireInstallationAdmin(admin, "Only installation administrators move workspaces.");
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream opened = WorkspaceKeyTransfer.opening(new DigestInputStream(sealed, sha256), transferKey)) {
            var zip = new ZipInputStream(KeepOpen.input(opened));
            MoveManifest manifest = manifest(zip);
            byte[] movedKeys = entry(zip, MoveManifest.KEYS);
            WorkspaceId workspace = new WorkspaceId(manifest.workspace());
            Arrival arrival = transactions.execute(status -> tenancy.inWorkspace(workspace, null,
                    () -> takeIn(admin, manifest, movedKeys, zip, opened, sha256, transferKey)));
            return arrival;
        } catch (IOException | UncheckedIOException e) {
            throw unreadable();
        } catch (IllegalArgumentException e) {
            throw CustosException.invalid("package-unreadable", e.getMessage());
        }
    }

    private Arrival takeIn(Actor admin, MoveManifest manifest, byte[] movedKeys, ZipInputStream zip,
                           InputStream opened, MessageDigest sha256, byte[] transferKey) {
        WorkspaceId workspace = new WorkspaceId(manifest.workspace());
        WorkspaceKeyTransfer.Accepted accepted = keys.accept(workspace, movedKeys, transferKey);
        Map<String, WorkspaceRows.MovingTable> here = new LinkedHashMap<>();
        rows.plan().moving().forEach(table -> here.put(MoveManifest.ROWS + table.name(), table));
        long inserted = 0;
        try {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                WorkspaceRows.MovingTable table = here.get(entry.getName());
                String name = table == null ? null : table.name();
                if (table == null || !manifest.tables().containsKey(name)) {
                    throw CustosException.invalid("package-unreadable", "The package holds rows this installation "
                            + "has no table for.");
                }
                long count = rows.insert(table, new BufferedReader(new InputStreamReader(KeepOpen.input(zip),
                        StandardCharsets.UTF_8)));
                if (count != manifest.tables().get(name)) {
                    throw CustosException.invalid("package-unreadable", "The package's rows of " + name
                            + " are not as many as its manifest says: it is damaged.");
                }
                inserted += count;
            }
            opened.transferTo(OutputStream.nullOutputStream()); // the last segment is checked only when read
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (inserted != manifest.rows()) {
            throw CustosException.invalid("package-unreadable", "The package ends before all its rows: it is cut "
                    + "short.");
        }
        List<AccountClaims.Arrived> members = new ArrayList<>();
        manifest.members().forEach(member -> members.add(accounts.arrive(member, workspace, manifest.name())));
        freeze.arrived(workspace, manifest.to());
        String receipt = HexFormat.of().formatHex(sha256.digest());
        audit.record(AuditEvent.of(workspace, admin.person(), "workspace.moved_in").on("workspace", workspace)
                .with("from", manifest.from().name()).with("to", manifest.to().name()).with("digest", receipt));
        audit.record(AuditEvent.installation(admin.person(), "workspace.moved_in").on("workspace", workspace)
                .with("from", manifest.from().name()).with("digest", receipt));
        return new Arrival(workspace.id(), manifest.to(), inserted, accepted.keys(), accepted.secrets(), members,
                manifest.leftBehind(), receipt);
    }

    private MoveManifest manifest(ZipInputStream zip) throws IOException {
        MoveManifest manifest;
        try {
            manifest = json.readValue(entry(zip, MoveManifest.ENTRY), MoveManifest.class);
        } catch (JacksonException e) {
            throw CustosException.invalid("package-unreadable", "The package's manifest is not one Custos writes.");
        }
        if (manifest.format() != MoveManifest.FORMAT) {
            throw CustosException.invalid("package-unreadable", "The package's format " + manifest.format()
                    + " is not one this version reads.");
        }
        if (!manifest.schemaVersion().equals(schema.current())) {
            throw CustosException.conflict("schema-differs", "The package was taken at schema version "
                    + manifest.schemaVersion() + " and this installation is at " + schema.current()
                    + ": upgrade the older installation first, then move the workspace.");
        }
        regions.requireKeptHere(manifest.to());
        if (workspaces.exists(new WorkspaceId(manifest.workspace()))) {
            throw CustosException.conflict("workspace-exists", "This workspace is here already: a package is "
                    + "taken in once.");
        }
        return manifest;
    }

    private static byte[] entry(ZipInputStream zip, String name) throws IOException {
        ZipEntry entry = zip.getNextEntry();
        if (entry == null || !entry.getName().equals(name)) {
            throw new ZipException("expected " + name);
        }
        return zip.readAllBytes();
    }

    /** Tink's stream and the zip fail alike on another key, a changed byte and a cut: one answer for all. */
    private static CustosException unreadable() {
        return new CustosException(HttpStatus.BAD_REQUEST, "package-unreadable", "The package does not open with "
                + "this transfer key, or it was changed or cut short on the way.");
    }
}
