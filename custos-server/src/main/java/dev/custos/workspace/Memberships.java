package dev.custos.workspace;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import dev.custos.audit.AuditLog;
import dev.custos.identity.People;
import dev.custos.identity.Person;
import dev.custos.platform.ChangeNotices;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Who belongs to a workspace and in which role (ID-10): the member list, role changes, removal, leaving and
 * handing over ownership, each audited. A member's API keys for the workspace go with the membership.
 */
@Service
public class Memberships {

    private final ChangeNotices notices;

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final People people;
    private final AuditLog audit;
    private final Clock clock;
    private final List<SeatLimit> seatLimits;

    Memberships(JdbcClient jdbc, Tenancy tenancy, People people, AuditLog audit, Clock clock, ChangeNotices notices,
                List<SeatLimit> seatLimits) {
        this.seatLimits = List.copyOf(seatLimits);
        this.notices = notices;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.people = people;
        this.audit = audit;
        this.clock = clock;
    }

    public List<Member> members(WorkspaceAccess access) {
        access.require(Permission.READ);
        boolean showEmails = access.role().allows(Permission.MANAGE_MEMBERS);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            List<Membership> memberships = jdbc.sql(
                            "SELECT person_id, role, joined_at FROM memberships WHERE workspace_id = :id")
                    .param("id", access.workspace().id())
                    .query((rs, n) -> new Membership(new PersonId(rs.getObject(1, UUID.class)),
                            Role.of(rs.getString(2)), rs.getObject(3, OffsetDateTime.class).toInstant()))
                    .list();
            Map<PersonId, Person> byId = people.findAll(memberships.stream().map(Membership::person).toList())
                    .stream().collect(Collectors.toMap(Person::id, Function.identity()));
            return memberships.stream()
                    .filter(m -> byId.containsKey(m.person()))
                    .map(m -> {
                        Person person = byId.get(m.person());
                        return new Member(m.person(), person.shownName(), showEmails ? person.email() : null,
                                m.role(), m.joinedAt());
                    })
                    .sorted(Comparator.comparing(Member::role).thenComparing(Member::name))
                    .toList();
        });
    }

    /** Changes a member's role. Ownership moves only by transfer; admins cannot touch the owner. */
    public void changeRole(WorkspaceAccess access, PersonId member, Role newRole) {
        access.require(Permission.MANAGE_MEMBERS);
        if (newRole == Role.OWNER) {
            throw CustosException.invalid("use-transfer", "Ownership changes hands by transfer, not by role change.");
        }
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            Role current = roleOf(member).orElseThrow(() -> CustosException.notFound("Member"));
            if (current == Role.OWNER) {
                throw CustosException.forbidden("The owner's role changes only by transferring ownership.");
            }
            notices.changedHere("access", ChangeNotices.ALL);
            jdbc.sql("UPDATE memberships SET role = :role WHERE workspace_id = :ws AND person_id = :person")
                    .param("role", newRole.key()).param("ws", access.workspace().id()).param("person", member.id())
                    .update();
            audit.record(access.event("membership.role_changed").on("person", member)
                    .with("from", current.key()).with("to", newRole.key()));
        });
    }

    public void remove(WorkspaceAccess access, PersonId member) {
        access.require(Permission.MANAGE_MEMBERS);
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            Role current = roleOf(member).orElseThrow(() -> CustosException.notFound("Member"));
            if (current == Role.OWNER) {
                throw CustosException.forbidden("The owner cannot be removed; transfer ownership first.");
            }
            deleteMembership(access.workspace(), member);
            audit.record(access.event("membership.removed").on("person", member).with("role", current.key()));
        });
    }

    public void leave(WorkspaceAccess access) {
        if (access.role() == Role.OWNER) {
            throw CustosException.conflict("owner-cannot-leave",
                    "The owner cannot leave; transfer ownership to another member first.");
        }
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            deleteMembership(access.workspace(), access.actor().person());
            audit.record(access.event("membership.left").on("person", access.actor().person()));
        });
    }

    /** Makes another member the owner; the previous owner stays as an admin. */
    public void transferOwnership(WorkspaceAccess access, PersonId newOwner) {
        access.require(Permission.OWN);
        if (newOwner.equals(access.actor().person())) {
            throw CustosException.invalid("already-owner", "You already own this workspace.");
        }
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            roleOf(newOwner).orElseThrow(() -> CustosException.notFound("Member"));
            setRole(access.workspace(), access.actor().person(), Role.ADMIN);
            setRole(access.workspace(), newOwner, Role.OWNER);
            audit.record(access.event("workspace.ownership_transferred").on("person", newOwner));
        });
    }

    /** Adds a member within the current tenant context (used when an invitation is accepted). */
    void insertMember(WorkspaceId workspace, PersonId person, Role role) {
        // Counted only for a limit that has a cap (none while the installation bills nobody); joins to one
        // workspace then take turns, so two people cannot both take its last seat.
        LongSupplier members = () -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('seats:' || :ws::text, 0))")
                    .param("ws", workspace.id()).query((rs, n) -> 1).list();
            return jdbc.sql("SELECT count(*) FROM memberships WHERE workspace_id = :ws")
                    .param("ws", workspace.id()).query(Long.class).single();
        };
        seatLimits.forEach(limit -> limit.beforeJoining(workspace, members));
        jdbc.sql("""
                        INSERT INTO memberships (workspace_id, person_id, role, joined_at)
                        VALUES (:ws, :person, :role, :now)
                        """)
                .param("ws", workspace.id()).param("person", person.id()).param("role", role.key())
                .param("now", SqlTime.of(clock.instant())).update();
    }

    Optional<Role> roleOf(PersonId person) {
        return jdbc.sql("SELECT role FROM memberships WHERE workspace_id = app_workspace_id() AND person_id = :p")
                .param("p", person.id()).query(String.class).optional().map(Role::of);
    }

    private void setRole(WorkspaceId workspace, PersonId person, Role role) {
        notices.changedHere("access", ChangeNotices.ALL);
        jdbc.sql("UPDATE memberships SET role = :role WHERE workspace_id = :ws AND person_id = :person")
                .param("role", role.key()).param("ws", workspace.id()).param("person", person.id()).update();
    }

    private void deleteMembership(WorkspaceId workspace, PersonId person) {
        notices.changedHere("access", ChangeNotices.ALL);
        // A member's API keys for this workspace go with the membership.
        jdbc.sql("UPDATE api_keys SET revoked_at = :now WHERE workspace_id = :ws AND person_id = :p "
                        + "AND revoked_at IS NULL")
                .param("now", SqlTime.of(clock.instant())).param("ws", workspace.id()).param("p", person.id()).update();
        jdbc.sql("DELETE FROM memberships WHERE workspace_id = :ws AND person_id = :p")
                .param("ws", workspace.id()).param("p", person.id()).update();
    }

    private record Membership(PersonId person, Role role, Instant joinedAt) {
    }
}
