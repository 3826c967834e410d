package dev.custos.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.platform.HumanTime;
import dev.custos.platform.Mail;
import dev.custos.platform.PersonId;
import dev.custos.platform.Secrets;
import dev.custos.platform.SqlTime;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accounts that travel with a workspace moved to another region's installation. What identifies a member and their
 * profile goes with the workspace, under the same person id (their sealed content is bound to it); what signs them
 * in does not: no password hash, second factor or passkey leaves an installation. The arriving account gets a
 * password nobody knows and a claim code (kept as its hash until the account is claimed), mailed to the member and
 * shown to the administrator who moved the workspace, for when this installation cannot send mail; the member
 * chooses a password with it.
 */
@Service
public class AccountClaims {

    static final String CODE_PREFIX = "clm_";

    /** A member's account as it travels: profile and age confirmation, nothing that signs in. */
    public record Traveller(UUID person, String email, String name, @Nullable String company,
                            @Nullable String displayName, int minimumAgeConfirmed, Instant ageConfirmedAt,
                            Instant createdAt) {

        @Override
        public String toString() {
            return "Traveller[" + person + "]"; // never the email or name, wherever it is printed
        }
    }

    /** A member who arrived: whether an account had to be made, and the link that claims it (once, now). */
    public record Arrived(UUID person, boolean claimNeeded, @Nullable String claimLink, @Nullable Instant claimBy) {
    }

    private final JdbcClient jdbc;
    private final People people;
    private final PasswordPolicy passwordPolicy;
    private final PasswordEncoder passwords;
    private final TransactionTemplate transactions;
    private final Mail mail;
    private final AuditLog audit;
    private final Clock clock;
    private final IdentityProperties properties;

    AccountClaims(JdbcClient jdbc, People people, PasswordPolicy passwordPolicy, PasswordEncoder passwords,
                  TransactionTemplate transactions, Mail mail, AuditLog audit, Clock clock,
                  IdentityProperties properties) {
        this.jdbc = jdbc;
        this.people = people;
        this.passwordPolicy = passwordPolicy;
        this.passwords = passwords;
        this.transactions = transactions;
        this.mail = mail;
        this.audit = audit;
        this.clock = clock;
        this.properties = properties;
    }

    /** The accounts of these people, as they travel. */
    public List<Traveller> travellers(Collection<PersonId> members) {
        return jdbc.sql("""
                        SELECT person_id, email, name, company, display_name, minimum_age_confirmed, age_confirmed_at,
                               created_at
                        FROM people WHERE person_id = ANY(:ids) ORDER BY person_id""")
                .param("ids", members.stream().map(PersonId::id).toArray(UUID[]::new))
                .query((rs, n) -> new Traveller(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getInt(6), SqlTime.instant(rs, "age_confirmed_at"),
                        SqlTime.instant(rs, "created_at")))
                .list();
    }

    /**
     * Makes the account of a member arriving with {@code workspace}, in the caller's transaction, and mails them
     * its claim once that commits. Someone who already has this account here (a workspace moved back) needs
     * nothing; someone whose email belongs to another account here is refused, as the move then is.
     */
    public Arrived arrive(Traveller member, WorkspaceId workspace, String workspaceName) {
        PersonId id = new PersonId(member.person());
        if (people.passwordHash(id).isPresent()) {
            return new Arrived(member.person(), false, null, null);
        }
        if (people.emailTaken(member.email(), null)) {
            throw CustosException.conflict("member-has-account", "A member of this workspace already has an account "
                    + "here under another identity. Remove them from the workspace before moving it, and invite "
                    + "them again once it has arrived.");
        }
        Instant now = clock.instant();
        people.insert(new People.NewPerson(id, member.email(), member.name(), member.company(), member.displayName(),
                null, passwords.encode(Secrets.random(32)), false, member.minimumAgeConfirmed(), "moved",
                workspace.id(), null), member.ageConfirmedAt(), member.createdAt(), now);
        Claim claim = issue(id, now);
        audit.record(AuditEvent.installation(null, "account.arrived").on("person", id)
                .with("workspace", workspace.toString()));
        mail.send(member.email(), "Your Custos workspace has moved", """
                The workspace "%s" you work in has moved to this Custos installation: %s

                Your account came with it, but not your password or second factors. Choose a password here by %s:

                  %s
                """.formatted(workspaceName, properties.baseUrl(), HumanTime.dateTime(claim.expires()), claim.link()));
        return new Arrived(member.person(), true, claim.link(), claim.expires());
    }

    /** A new claim for an arrived account whose claim expired; for installation administrators. */
    public Arrived reissue(Actor admin, PersonId person) {
        return transactions.execute(status -> {
            if (!unclaimed(person)) {
                throw CustosException.conflict("nothing-to-claim", "This account did not arrive with a moved "
                        + "workspace, or has been claimed already.");
            }
            Claim claim = issue(person, clock.instant());
            audit.record(AuditEvent.installation(admin.person(), "account.claim_reissued").on("person", person));
            return new Arrived(person.id(), true, claim.link(), claim.expires());
        });
    }

    /** The member's claim: a valid code and a password that passes the policy make the account theirs. */
    public PersonId claim(String code, String password) {
        return transactions.execute(status -> {
            PersonId person = jdbc.sql("""
                            DELETE FROM account_claims WHERE code_hash = :hash AND expires_at > :now
                            RETURNING person_id""")
                    .param("hash", Secrets.sha256(code.strip())).param("now", SqlTime.of(clock.instant()))
                    .query((rs, n) -> new PersonId(rs.getObject(1, UUID.class))).optional()
                    .orElseThrow(() -> CustosException.invalid("claim-invalid", "This claim code is unknown, used or "
                            + "expired; ask your installation's administrator for a new one."));
            String email = jdbc.sql("SELECT email FROM people WHERE person_id = :p").param("p", person.id())
                    .query(String.class).single();
            passwordPolicy.check(password, email);
            people.updatePassword(person, passwords.encode(password), clock.instant());
            audit.record(AuditEvent.installation(person, "account.claimed").on("person", person));
            return person;
        });
    }

    /** Whether the person still has an unclaimed account here. */
    public boolean unclaimed(PersonId person) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM account_claims WHERE person_id = :p)")
                .param("p", person.id()).query(Boolean.class).single();
    }

    private record Claim(String link, Instant expires) {
    }

    private Claim issue(PersonId person, Instant now) {
        String code = CODE_PREFIX + Secrets.random(32);
        Instant expires = now.plus(properties.invitationValidity().multipliedBy(2));
        jdbc.sql("""
                        INSERT INTO account_claims (person_id, code_hash, issued_at, expires_at)
                        VALUES (:p, :hash, :now, :until)
                        ON CONFLICT (person_id) DO UPDATE
                            SET code_hash = :hash, issued_at = :now, expires_at = :until""")
                .param("p", person.id()).param("hash", Secrets.sha256(code)).param("now", SqlTime.of(now))
                .param("until", SqlTime.of(expires)).update();
        return new Claim(properties.baseUrl() + "/claim?code=" + code, expires);
    }
}
