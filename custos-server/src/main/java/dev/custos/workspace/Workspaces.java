package dev.custos.workspace;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Actor;
import dev.custos.identity.People;
import dev.custos.platform.ChangeNotices;
import dev.custos.platform.NoticedCache;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Workspaces, and each person's standing in them. Every query runs in the workspace's tenant context; none relies on
 * a filter. Who the members are and how that changes is {@link Memberships}'.
 */
@Service
public class Workspaces {

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final People people;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Memberships memberships;
    private final ChangeNotices notices;
    private final NoticedCache<Member, Standing> standings;

    /** A member's role in a workspace, what it requires of them, and whether it is frozen for a move. */
    private record Standing(Role role, boolean secondFactorRequired, boolean ssoRequired, boolean moving) {
    }

    private record Member(WorkspaceId workspace, PersonId person) {
    }

    private final Regions regions;

    Workspaces(JdbcClient jdbc, Tenancy tenancy, People people, AuditLog audit, Clock clock,
               ApplicationEventPublisher events, Memberships memberships, ChangeNotices notices, Regions regions) {
        this.regions = regions;
        this.notices = notices;
        this.standings = new NoticedCache<>(notices, "access", key -> null, Duration.ofMinutes(1), clock);
        this.memberships = memberships;
        this.events = events;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.people = people;
        this.audit = audit;
        this.clock = clock;
    }

    /** The region a workspace is pinned to (its rows are in this installation's database only if it is home). */
    public Workspace.Region region(WorkspaceId workspace) {
        return tenancy.inWorkspace(workspace, null, () -> jdbc.sql(
                        "SELECT region FROM workspaces WHERE workspace_id = :w").param("w", workspace.id())
                .query((rs, n) -> Workspace.Region.valueOf(rs.getString(1))).optional()
                .orElseThrow(() -> CustosException.notFound("Workspace")));
    }

    public Workspace create(Actor actor, String name, Workspace.Region region) {
        return create(actor, name, region, false);
    }

    /** Creates a workspace and tells other modules, in the same transaction, so they can set it up. */
    Workspace create(Actor actor, String name, Workspace.Region region, boolean demo) {
        actor.requireSignedIn("Creating a workspace");
        regions.requireKeptHere(region);
        WorkspaceId id = WorkspaceId.random();
        return tenancy.inWorkspace(id, actor.person(), () -> {
            OffsetDateTime now = now();
            jdbc.sql("""
                            INSERT INTO workspaces (workspace_id, name, region, created_by, created_at, updated_at)
                            VALUES (:id, :name, :region, :person, :now, :now)
                            """)
                    .param("id", id.id()).param("name", name).param("region", region.name())
                    .param("person", actor.person().id()).param("now", now).update();
            memberships.insertMember(id, actor.person(), Role.OWNER);
            audit.record(AuditEvent.of(id, actor.person(), "workspace.created").on("workspace", id)
                    .with("region", region.name()));
            events.publishEvent(new WorkspaceCreated(id, actor.person(), demo));
            return get(id, Role.OWNER);
        });
    }

    /** A workspace a person owns, with how many members it has (the owner included). */
    public record Owned(WorkspaceId workspace, String name, int members) {
    }

    /** The workspaces a person owns: erasing them needs their ownership handed over, or the workspace gone. */
    public List<Owned> ownedBy(PersonId person) {
        List<WorkspaceId> owned = tenancy.asPerson(person, () -> jdbc.sql(
                        "SELECT workspace_id FROM memberships WHERE person_id = :p AND role = 'owner'")
                .param("p", person.id()).query((rs, n) -> new WorkspaceId(rs.getObject(1, UUID.class))).list());
        return owned.stream().map(id -> tenancy.inWorkspace(id, person, () -> new Owned(id,
                jdbc.sql("SELECT name FROM workspaces WHERE workspace_id = :w").param("w", id.id())
                        .query(String.class).single(),
                jdbc.sql("SELECT count(*) FROM memberships WHERE workspace_id = :w").param("w", id.id())
                        .query(Integer.class).single()))).toList();
    }

    public boolean exists(WorkspaceId workspace) {
        return tenancy.inWorkspace(workspace, null, () -> jdbc.sql(
                        "SELECT EXISTS (SELECT 1 FROM workspaces WHERE workspace_id = :w)")
                .param("w", workspace.id()).query(Boolean.class).single());
    }

    /** A workspace's name, for what Custos tells others about it (its end users, for instance). */
    public String name(WorkspaceId workspace) {
        return tenancy.inWorkspace(workspace, null, () -> jdbc.sql(
                        "SELECT name FROM workspaces WHERE workspace_id = :w")
                .param("w", workspace.id()).query(String.class).optional())
                .orElseThrow(() -> CustosException.notFound("Workspace"));
    }

    /** Whoever owns a workspace (one person; a list so a transfer in flight cannot lose anyone). */
    public List<PersonId> owners(WorkspaceId workspace) {
        return tenancy.inWorkspace(workspace, null, () -> jdbc.sql(
                        "SELECT person_id FROM memberships WHERE workspace_id = :w AND role = 'owner'")
                .param("w", workspace.id()).query((rs, n) -> new PersonId(rs.getObject(1, UUID.class))).list());
    }

    /** The workspaces the person belongs to; an API key sees only its own workspace. */
    public List<Workspace> mine(Actor actor) {
        return tenancy.asPerson(actor.person(), () -> jdbc.sql("""
                        SELECT w.*, m.role FROM workspaces w
                        JOIN memberships m ON m.workspace_id = w.workspace_id AND m.person_id = :person
                        ORDER BY w.name
                        """)
                .param("person", actor.person().id())
                .query(Workspaces::workspace).list().stream()
                .filter(w -> actor.apiKey() == null || actor.apiKey().workspace().equals(w.id()))
                .toList());
    }

    /**
     * Establishes the actor's access to a workspace. Not a member, or an API key of another workspace: 404, the
     * same answer as for a workspace that does not exist.
     */
    public WorkspaceAccess access(Actor actor, WorkspaceId workspace) {
        // Every API call asks this: held in memory until an access change is noticed (ChangeNotices) or a minute
        // passes.
        if (actor.apiKey() != null && !actor.apiKey().workspace().equals(workspace)) {
            throw CustosException.notFound("Workspace");
        }
        Standing standing = standings.get(new Member(workspace, actor.person()), () -> tenancy.inWorkspace(workspace,
                actor.person(), () -> jdbc.sql("""
                        SELECT m.role, w.require_second_factor, w.require_sso, w.moving_to IS NOT NULL
                        FROM memberships m
                        JOIN workspaces w USING (workspace_id)
                        WHERE m.workspace_id = app_workspace_id() AND m.person_id = :p""")
                .param("p", actor.person().id())
                .query((rs, n) -> new Standing(Role.of(rs.getString(1)), rs.getBoolean(2), rs.getBoolean(3),
                        rs.getBoolean(4)))
                .optional()
                .orElse(null)));
        if (standing == null) {
            throw CustosException.notFound("Workspace");
        }
        if (standing.moving()) {
            throw CustosException.conflict("workspace-moving", "This workspace is being moved to another region's "
                    + "installation: it opens there once the move completes.");
        }
        if (standing.secondFactorRequired() && !people.hasSecondFactor(actor.person())) {
            throw new CustosException(HttpStatus.FORBIDDEN, "second-factor-required",
                    "This workspace requires a second factor: turn one on in your account (/api/me/second-factor) "
                            + "to work here.");
        }
        if (standing.ssoRequired() && !people.hasExternalIdentity(actor.person())) {
            throw new CustosException(HttpStatus.FORBIDDEN, "sso-required", "This workspace requires single "
                    + "sign-on: sign in once through your organisation's identity provider to work here.");
        }
        return new WorkspaceAccess(workspace, actor, standing.role());
    }

    /**
     * Requires a second factor of everyone in the workspace, or stops requiring it. Whoever turns it on must
     * have one: the setting never locks out the person who sets it.
     */
    public void requireSecondFactor(WorkspaceAccess access, boolean required) {
        access.require(Permission.MANAGE_WORKSPACE);
        if (required && !people.hasSecondFactor(access.actor().person())) {
            throw CustosException.conflict("second-factor-off",
                    "Turn on your own second factor before requiring one of everyone.");
        }
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            notices.changedHere("access", ChangeNotices.ALL);
            jdbc.sql("UPDATE workspaces SET require_second_factor = :r, updated_at = :now WHERE workspace_id = :w")
                    .param("r", required).param("now", now()).param("w", access.workspace().id()).update();
            audit.record(access.event("workspace.second_factor_requirement").on("workspace", access.workspace())
                    .with("required", String.valueOf(required)));
        });
    }

    public boolean secondFactorRequired(WorkspaceAccess access) {
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> jdbc.sql(
                        "SELECT require_second_factor FROM workspaces WHERE workspace_id = :w")
                .param("w", access.workspace().id()).query(Boolean.class).single());
    }

    public Workspace get(WorkspaceAccess access) {
        return tenancy.inWorkspace(access.workspace(), access.actor().person(),
                () -> get(access.workspace(), access.role()));
    }

    public Workspace rename(WorkspaceAccess access, String name) {
        access.require(Permission.MANAGE_WORKSPACE);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            jdbc.sql("UPDATE workspaces SET name = :name, updated_at = :now WHERE workspace_id = :id")
                    .param("name", name).param("now", now()).param("id", access.workspace().id()).update();
            audit.record(access.event("workspace.renamed").on("workspace", access.workspace()));
            return get(access.workspace(), access.role());
        });
    }

    private Workspace get(WorkspaceId id, Role role) {
        return jdbc.sql("SELECT w.*, CAST(:role AS text) AS role FROM workspaces w WHERE workspace_id = :id")
                .param("role", role.key()).param("id", id.id())
                .query(Workspaces::workspace).optional().orElseThrow(() -> CustosException.notFound("Workspace"));
    }

    private OffsetDateTime now() {
        return SqlTime.of(clock.instant());
    }

    private static Workspace workspace(ResultSet rs, int row) throws SQLException {
        return new Workspace(new WorkspaceId(rs.getObject("workspace_id", UUID.class)), rs.getString("name"),
                Workspace.Region.valueOf(rs.getString("region")), Role.of(rs.getString("role")),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

}
