package dev.custos.privacy.consent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consent records (DR-07): each decision appended with the notice version shown and its source; withdrawing
 * everything is one action. The current state of a purpose is its latest record; no record means not given.
 */
@Service
public class Consents {

    /** A purpose's current state; {@code since} and {@code noticeVersion} are null when nothing was recorded. */
    public record State(ConsentPurpose purpose, boolean given, @Nullable Instant since, @Nullable String noticeVersion,
                        @Nullable String source) {
    }

    /** One decision, as kept. */
    public record Decision(ConsentPurpose purpose, boolean given, String noticeVersion, String source,
                           Instant recordedAt) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final Clock clock;

    Consents(JdbcClient jdbc, TransactionTemplate transactions, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    public List<State> current(PersonId person) {
        Map<ConsentPurpose, State> states = new EnumMap<>(ConsentPurpose.class);
        for (ConsentPurpose purpose : ConsentPurpose.values()) {
            states.put(purpose, new State(purpose, false, null, null, null));
        }
        jdbc.sql("""
                        SELECT DISTINCT ON (purpose) purpose, given, recorded_at, notice_version, source
                        FROM consent_records WHERE person_id = :p ORDER BY purpose, recorded_at DESC, record_id""")
                .param("p", person.id())
                .query((rs, n) -> new State(ConsentPurpose.of(rs.getString(1)), rs.getBoolean(2),
                        SqlTime.instant(rs, "recorded_at"), rs.getString(4), rs.getString(5)))
                .list().forEach(state -> states.put(state.purpose(), state));
        return new ArrayList<>(states.values());
    }

    public List<Decision> history(PersonId person) {
        return jdbc.sql("""
                        SELECT purpose, given, notice_version, source, recorded_at FROM consent_records
                        WHERE person_id = :p ORDER BY recorded_at, record_id""")
                .param("p", person.id())
                .query((rs, n) -> new Decision(ConsentPurpose.of(rs.getString(1)), rs.getBoolean(2), rs.getString(3),
                        rs.getString(4), SqlTime.instant(rs, "recorded_at")))
                .list();
    }

    /** Records a decision, whatever the current state: the history shows every time a person was asked. */
    public State decide(PersonId person, ConsentPurpose purpose, boolean given, String noticeVersion, String source) {
        if (noticeVersion.isBlank() || noticeVersion.length() > 50) {
            throw CustosException.invalid("notice-version-required",
                    "Say which version of the notice was shown (1 to 50 characters).");
        }
        transactions.executeWithoutResult(status -> record(person, purpose, given, noticeVersion.strip(), source));
        return current(person).stream().filter(state -> state.purpose() == purpose).findFirst().orElseThrow();
    }

    /** Withdraws every consent currently given, in one action; returns the purposes withdrawn. */
    public List<ConsentPurpose> withdrawAll(PersonId person) {
        List<State> given = current(person).stream().filter(State::given).toList();
        transactions.executeWithoutResult(status -> given.forEach(state ->
                record(person, state.purpose(), false, String.valueOf(state.noticeVersion()), "withdraw_all")));
        return given.stream().map(State::purpose).toList();
    }

    /**
     * Honors a Global Privacy Control signal: an opt-out of sale and sharing, recorded once (again only if the
     * person later opted in). Returns whether a record was made.
     */
    public boolean honorGlobalPrivacyControl(PersonId person) {
        State current = current(person).stream().filter(state -> state.purpose() == ConsentPurpose.SALE_SHARING)
                .findFirst().orElseThrow();
        if (current.since() != null && !current.given()) {
            return false;
        }
        transactions.executeWithoutResult(status -> record(person, ConsentPurpose.SALE_SHARING, false, "gpc", "gpc"));
        return true;
    }

    private void record(PersonId person, ConsentPurpose purpose, boolean given, String noticeVersion, String source) {
        jdbc.sql("""
                INSERT INTO consent_records (record_id, person_id, purpose, notice_version, given, source, recorded_at)
                VALUES (:id, :p, :purpose, :version, :given, :source, :now)""")
                .param("id", UUID.randomUUID()).param("p", person.id()).param("purpose", purpose.key())
                .param("version", noticeVersion).param("given", given).param("source", source)
                .param("now", SqlTime.of(clock.instant())).update();
        audit.record(AuditEvent.installation(person, given ? "consent.given" : "consent.withdrawn")
                .with("purpose", purpose.key()).with("source", source).with("notice_version", noticeVersion));
    }
}
