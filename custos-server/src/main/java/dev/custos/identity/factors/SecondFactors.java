package dev.custos.identity.factors;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Accounts;
import dev.custos.identity.People;
import dev.custos.keys.ContentSeal;
import dev.custos.platform.PersonId;
import dev.custos.platform.Secrets;
import dev.custos.platform.SqlTime;
import dev.custos.platform.web.CustosException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A person's second factor (ID-05): a TOTP authenticator, enrolled by scanning a QR code and confirmed with a
 * first code, and ten single-use backup codes for when the device is lost. Secrets are sealed under the master
 * key; backup codes are kept only as hashes. Every code works once. Every step and every refusal is audited.
 */
@Service
public class SecondFactors {

    /** What a person scans or types into their authenticator; shown once, at enrolment. */
    public record Enrolment(String secret, String otpauthUri, String qrCodeSvg) {
        @Override
        public String toString() {
            return "Enrolment[redacted]";
        }
    }

    /**
     * Whether a second factor is on, which (an authenticator app, passkeys), and how many backup codes are left.
     */
    public record Status(boolean enabled, boolean totp, int passkeys, int backupCodesLeft) {
    }

    public static final int BACKUP_CODES = 10;
    private static final String ISSUER = "Custos";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Accounts accounts;
    private final People people;
    private final ContentSeal seal;
    private final AuditLog audit;
    private final Clock clock;

    SecondFactors(JdbcClient jdbc, TransactionTemplate transactions, Accounts accounts, People people,
                  ContentSeal seal, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.accounts = accounts;
        this.people = people;
        this.seal = seal;
        this.audit = audit;
        this.clock = clock;
    }

    public Status status(PersonId person) {
        boolean enabled = enabled(person);
        int left = jdbc.sql("SELECT count(*) FROM backup_codes WHERE person_id = :p AND used_at IS NULL")
                .param("p", person.id()).query(Integer.class).single();
        int passkeys = jdbc.sql("SELECT count(*) FROM passkeys WHERE person_id = :p").param("p", person.id())
                .query(Integer.class).single();
        return new Status(enabled, totpOn(person), passkeys, enabled ? left : 0);
    }

    /** Whether any second factor is on: an authenticator app or a passkey. */
    public boolean enabled(PersonId person) {
        return people.hasSecondFactor(person);
    }

    /** Whether an authenticator app (TOTP) is on. */
    boolean totpOn(PersonId person) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM totp_factors WHERE person_id = :p AND confirmed_at IS NOT NULL)")
                .param("p", person.id()).query(Boolean.class).single();
    }

    /**
     * Backup codes for a person whose first second factor was just turned on, if they have none; empty when they
     * have some already (shown once, long ago).
     */
    List<String> backupCodesIfNone(PersonId person) {
        return transactions.execute(status -> {
            boolean any = jdbc.sql("SELECT EXISTS (SELECT 1 FROM backup_codes WHERE person_id = :p)")
                    .param("p", person.id()).query(Boolean.class).single();
            return any ? List.<String>of() : newBackupCodes(person);
        });
    }

    /** After a factor was removed: with none left, the backup codes go too. */
    public void factorRemoved(PersonId person) {
        if (!enabled(person)) {
            jdbc.sql("DELETE FROM backup_codes WHERE person_id = :p").param("p", person.id()).update();
        }
    }

    /** Starts enrolment (password confirmed): a new secret, not asked for at sign-in until confirmed. */
    public Enrolment enrol(PersonId person, String password) {
        accounts.reverify(person, password, "second_factor_enrolment");
        if (totpOn(person)) {
            throw CustosException.conflict("second-factor-enabled",
                    "An authenticator app is already on; remove it first to enrol a new device.");
        }
        byte[] secret = Totp.newSecret();
        String base32 = Totp.base32(secret);
        transactions.executeWithoutResult(status -> {
            jdbc.sql("""
                    INSERT INTO totp_factors (person_id, secret, created_at) VALUES (:p, :secret, :now)
                    ON CONFLICT (person_id) DO UPDATE SET secret = :secret, created_at = :now, confirmed_at = NULL,
                                                          last_used_step = 0""")
                    .param("p", person.id()).param("secret", seal.sealInstallationSecret(base32, context(person)))
                    .param("now", SqlTime.of(clock.instant())).update();
            audit.record(AuditEvent.installation(person, "second_factor.enrolment_started"));
        });
        String email = people.find(person).orElseThrow(() -> CustosException.notFound("Account")).email();
        String uri = "otpauth://totp/" + encode(ISSUER + ":" + email) + "?secret=" + base32 + "&issuer="
                + encode(ISSUER) + "&algorithm=SHA1&digits=6&period=" + Totp.STEP_SECONDS;
        return new Enrolment(base32, uri, QrCode.svg(uri));
    }

    /** Confirms enrolment with a first code from the device; returns the backup codes, shown this once. */
    public List<String> confirm(PersonId person, String code) {
        return transactions.execute(status -> {
            byte[] secret = secret(person, false);
            OptionalLong step = Totp.match(secret, code, clock.instant(), 0);
            if (step.isEmpty()) {
                refuse(person, "second_factor.confirmation", "The code does not match; check the device's clock "
                        + "and enter the code it shows now.");
            }
            jdbc.sql("UPDATE totp_factors SET confirmed_at = :now, last_used_step = :step WHERE person_id = :p")
                    .param("now", SqlTime.of(clock.instant())).param("step", step.getAsLong())
                    .param("p", person.id()).update();
            audit.record(AuditEvent.installation(person, "second_factor.enabled").with("kind", "totp"));
            return newBackupCodes(person);
        });
    }

    /** Replaces the backup codes (password confirmed); the old ones stop working. */
    public List<String> regenerateBackupCodes(PersonId person, String password) {
        accounts.reverify(person, password, "backup_codes");
        if (!enabled(person)) {
            throw CustosException.conflict("second-factor-off", "Turn on a second factor first.");
        }
        return transactions.execute(status -> {
            audit.record(AuditEvent.installation(person, "second_factor.backup_codes_replaced"));
            return newBackupCodes(person);
        });
    }

    /** Turns the second factor off: the password and a current code (or a backup code) are both needed. */
    public void remove(PersonId person, String password, String code) {
        accounts.reverify(person, password, "second_factor_removal");
        if (!verify(person, code)) {
            throw new CustosException(HttpStatus.FORBIDDEN, "invalid-second-factor",
                    "The code is not correct, or was used already.");
        }
        transactions.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM totp_factors WHERE person_id = :p").param("p", person.id()).update();
            factorRemoved(person);
            audit.record(AuditEvent.installation(person, "second_factor.removed").with("kind", "totp"));
        });
    }

    /**
     * Checks a code at sign-in: a current TOTP code not used before, or an unused backup code, which is then
     * spent. Audited either way; a refusal changes nothing.
     */
    public boolean verify(PersonId person, String code) {
        String candidate = code == null ? "" : code.strip().replace(" ", "");
        boolean accepted = Boolean.TRUE.equals(transactions.execute(status -> {
            if (candidate.matches("\\d{6}")) {
                if (!totpOn(person)) {
                    return false; // a passkey is their factor: a six-digit code matches nothing
                }
                OptionalLong step = Totp.match(secret(person, true), candidate, clock.instant(), lastUsedStep(person));
                // Taking the step is atomic: of two sign-ins racing with one code, only one gets it.
                return step.isPresent() && jdbc.sql("""
                                UPDATE totp_factors SET last_used_step = :step
                                WHERE person_id = :p AND last_used_step < :step""")
                        .param("step", step.getAsLong()).param("p", person.id()).update() == 1;
            }
            return jdbc.sql("""
                            UPDATE backup_codes SET used_at = :now
                            WHERE person_id = :p AND code_hash = :hash AND used_at IS NULL""")
                    .param("now", SqlTime.of(clock.instant())).param("p", person.id())
                    .param("hash", Secrets.sha256(candidate)).update() == 1;
        }));
        audit.record(AuditEvent.installation(person, "auth.second_factor")
                .with("kind", candidate.matches("\\d{6}") ? "totp" : "backup_code")
                .outcome(accepted ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE));
        return accepted;
    }

    private List<String> newBackupCodes(PersonId person) {
        jdbc.sql("DELETE FROM backup_codes WHERE person_id = :p").param("p", person.id()).update();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < BACKUP_CODES; i++) {
            String code = Secrets.random(12);
            codes.add(code);
            jdbc.sql("INSERT INTO backup_codes (person_id, code_hash, created_at) VALUES (:p, :hash, :now)")
                    .param("p", person.id()).param("hash", Secrets.sha256(code))
                    .param("now", SqlTime.of(clock.instant())).update();
        }
        return codes;
    }

    private byte[] secret(PersonId person, boolean confirmed) {
        byte[] sealed = jdbc.sql("SELECT secret FROM totp_factors WHERE person_id = :p AND (confirmed_at IS NOT NULL) = :c")
                .param("p", person.id()).param("c", confirmed).query((rs, n) -> rs.getBytes(1)).optional()
                .orElseThrow(() -> CustosException.conflict(confirmed ? "second-factor-off" : "not-enrolling",
                        confirmed ? "No second factor is on." : "Start enrolment first."));
        return Totp.fromBase32(seal.openInstallationSecret(sealed, context(person)));
    }

    private long lastUsedStep(PersonId person) {
        return jdbc.sql("SELECT last_used_step FROM totp_factors WHERE person_id = :p").param("p", person.id())
                .query(Long.class).single();
    }

    private void refuse(PersonId person, String action, String message) {
        audit.record(AuditEvent.installation(person, action).outcome(AuditEvent.Outcome.FAILURE));
        throw CustosException.invalid("invalid-code", message);
    }

    private static String context(PersonId person) {
        return "totp-secret|" + person;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
