package dev.custos.privacy.governance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.identity.People;
import dev.custos.platform.SqlTime;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.Notices;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Policy versions (GV-02): an administrator publishes the policy as generated now; a material change is
 * announced to every person in the app, and each person's acceptance of a version is recorded.
 */
@Service
public class PolicyVersions {

    /** A published version, without its text. */
    public record Version(String version, Instant publishedAt, boolean material, String summary) {
    }

    /** Where a person stands: the current version, whether it is material and whether they accepted it. */
    public record Standing(@Nullable Version current, boolean accepted, boolean acceptanceNeeded) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final PrivacyPolicy policy;
    private final Accounts accounts;
    private final People people;
    private final Notices notices;
    private final AuditLog audit;
    private final Clock clock;

    PolicyVersions(JdbcClient jdbc, TransactionTemplate transactions, PrivacyPolicy policy, Accounts accounts,
                   People people, Notices notices, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.policy = policy;
        this.accounts = accounts;
        this.people = people;
        this.notices = notices;
        this.audit = audit;
        this.clock = clock;
    }

    /** Publishes the policy as it is generated now; a material change tells everyone and asks them to accept. */
    public Version publish(Actor admin, boolean material, String summary) {
        accounts.requireInstallationAdmin(admin, "Only installation administrators publish the privacy policy.");
        if (summary.isBlank()) {
            throw CustosException.invalid("summary-required", "Say what changed, in words for the people told.");
        }
        String version = policy.document().version();
        if (find(version).isPresent()) {
            throw CustosException.conflict("already-published", "This version of the policy is already published.");
        }
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            jdbc.sql("""
                    INSERT INTO policy_versions (version, published_at, published_by, material, summary, markdown)
                    VALUES (:v, :now, :by, :material, :summary, :markdown)""")
                    .param("v", version).param("now", SqlTime.of(now)).param("by", admin.person().id())
                    .param("material", material).param("summary", summary.strip()).param("markdown", policy.markdown())
                    .update();
            audit.record(AuditEvent.installation(admin.person(), "privacy_policy.published")
                    .with("version", version).with("material", "" + material));
            if (material) {
                people.everyone().forEach(person -> notices.notify(person, "privacy_policy",
                        "Our privacy policy changed (version " + version + "): " + summary.strip()
                                + " Read it, and accept it in your privacy centre to go on.", "/settings/privacy"));
            }
        });
        return find(version).orElseThrow();
    }

    public Standing standing(Actor actor) {
        Version current = latest().orElse(null);
        if (current == null) {
            return new Standing(null, false, false);
        }
        boolean accepted = jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM policy_acceptances WHERE person_id = :p AND version = :v)""")
                .param("p", actor.person().id()).param("v", current.version()).query(Boolean.class).single();
        return new Standing(current, accepted, current.material() && !accepted);
    }

    public Standing accept(Actor actor, String version) {
        Version current = latest().orElseThrow(() -> CustosException.notFound("Published policy"));
        if (!current.version().equals(version)) {
            throw CustosException.conflict("not-current", "Accept the current version, " + current.version() + ".");
        }
        jdbc.sql("""
                INSERT INTO policy_acceptances (person_id, version, accepted_at) VALUES (:p, :v, :now)
                ON CONFLICT DO NOTHING""")
                .param("p", actor.person().id()).param("v", version).param("now", SqlTime.of(clock.instant())).update();
        audit.record(AuditEvent.installation(actor.person(), "privacy_policy.accepted").with("version", version));
        return standing(actor);
    }

    public List<Version> history() {
        return jdbc.sql("SELECT * FROM policy_versions ORDER BY published_at DESC").query((rs, n) -> version(rs))
                .list();
    }

    private Optional<Version> latest() {
        return jdbc.sql("SELECT * FROM policy_versions ORDER BY published_at DESC LIMIT 1").query((rs, n) -> version(rs))
                .optional();
    }

    private Optional<Version> find(String version) {
        return jdbc.sql("SELECT * FROM policy_versions WHERE version = :v").param("v", version)
                .query((rs, n) -> version(rs)).optional();
    }

    private static Version version(ResultSet rs) throws SQLException {
        return new Version(rs.getString("version"), SqlTime.instant(rs, "published_at"), rs.getBoolean("material"),
                rs.getString("summary"));
    }
}
