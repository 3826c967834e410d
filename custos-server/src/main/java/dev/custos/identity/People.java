package dev.custos.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.custos.platform.ChangeNotices;
import dev.custos.platform.NoticedCache;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The people table. Emails are unique regardless of case. */
@Repository
public class People {

    private final JdbcClient jdbc;

    private final ChangeNotices notices;
    /** Every model call asks whether its person restricted processing: kept until a change is noticed. */
    private final NoticedCache<UUID, Boolean> restricted;

    People(JdbcClient jdbc, ChangeNotices notices, Clock clock) {
        this.jdbc = jdbc;
        this.notices = notices;
        this.restricted = new NoticedCache<>(notices, "people", UUID::fromString, Duration.ofMinutes(1), clock);
    }

    /** Whether the person has a second factor, a confirmed authenticator app or a passkey (a workspace may require one). */
    public boolean hasSecondFactor(PersonId id) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM totp_factors WHERE person_id = :p AND confirmed_at IS NOT NULL)
                            OR EXISTS (SELECT 1 FROM passkeys WHERE person_id = :p)""")
                .param("p", id.id()).query(Boolean.class).single();
    }

    /** Whether the person has an identity with one of the installation's single sign-on providers. */
    public boolean hasExternalIdentity(PersonId id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM external_identities WHERE person_id = :p)")
                .param("p", id.id()).query(Boolean.class).single();
    }

    /** Of these people, those with a confirmed second factor, in one query. */
    public Set<PersonId> withSecondFactor(Collection<PersonId> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("""
                        SELECT person_id FROM totp_factors WHERE confirmed_at IS NOT NULL AND person_id = ANY(:ids)
                        UNION SELECT person_id FROM passkeys WHERE person_id = ANY(:ids)""")
                .param("ids", ids.stream().map(PersonId::id).toArray(UUID[]::new))
                .query((rs, n) -> new PersonId(rs.getObject(1, UUID.class))).list());
    }

    /** The account an email belongs to, for administrators naming a person (a legal hold, a breach). */
    public Optional<PersonId> withEmail(String email) {
        return jdbc.sql("SELECT person_id FROM people WHERE lower(email) = lower(:email)").param("email", email.strip())
                .query((rs, n) -> new PersonId(rs.getObject(1, UUID.class))).optional();
    }

    public Optional<Person> find(PersonId id) {
        return jdbc.sql("SELECT * FROM people WHERE person_id = :id").param("id", id.id())
                .query(People::person).optional();
    }

    /** The people with these ids, for lists of members; unknown ids are left out. */
    /** Everyone who can still sign in. */
    public List<PersonId> everyone() {
        return jdbc.sql("SELECT person_id FROM people WHERE disabled_at IS NULL")
                .query((rs, n) -> new PersonId(rs.getObject(1, UUID.class))).list();
    }

    /** The installation's administrators who can still sign in. */
    public List<PersonId> installationAdmins() {
        return jdbc.sql("SELECT person_id FROM people WHERE installation_admin AND disabled_at IS NULL")
                .query((rs, n) -> new PersonId(rs.getObject(1, UUID.class))).list();
    }

    public List<Person> findAll(Collection<PersonId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        UUID[] array = ids.stream().map(PersonId::id).toArray(UUID[]::new);
        return jdbc.sql("SELECT * FROM people WHERE person_id = ANY(:ids)").param("ids", array)
                .query(People::person).list();
    }

    boolean isEmpty() {
        return jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM people)").query(Boolean.class).single();
    }

    boolean emailTaken(String email, @Nullable PersonId except) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM people WHERE lower(email) = lower(:email)
                                       AND (CAST(:except AS uuid) IS NULL OR person_id <> :except))
                        """)
                .param("email", email).param("except", except == null ? null : except.id())
                .query(Boolean.class).single();
    }

    public Optional<Credentials> credentials(String email) {
        return jdbc.sql("SELECT person_id, password_hash, disabled_at FROM people WHERE lower(email) = lower(:email)")
                .param("email", email)
                .query((rs, n) -> new Credentials(new PersonId(rs.getObject(1, UUID.class)), rs.getString(2),
                        rs.getObject(3) != null))
                .optional();
    }

    Optional<String> passwordHash(PersonId id) {
        return jdbc.sql("SELECT password_hash FROM people WHERE person_id = :id").param("id", id.id())
                .query(String.class).optional();
    }

    void insert(NewPerson person, Instant now) {
        insert(person, now, now, now);
    }

    /**
     * The same, for an account that existed before elsewhere (it arrived with a moved workspace): its age was
     * confirmed and it was created then, not now.
     */
    void insert(NewPerson person, Instant ageConfirmedAt, Instant createdAt, Instant now) {
        jdbc.sql("""
                        INSERT INTO people (person_id, email, name, company, display_name, avatar_url, password_hash,
                            installation_admin, minimum_age_confirmed, age_confirmed_at, invitation_kind, invitation_id,
                            invited_by, created_at, updated_at, password_changed_at)
                        VALUES (:id, :email, :name, :company, :displayName, :avatarUrl, :passwordHash,
                            :admin, :minimumAge, :ageConfirmedAt, :kind, :invitationId, :invitedBy, :createdAt, :now,
                            :now)
                        """)
                .param("id", person.id().id()).param("email", person.email()).param("name", person.name())
                .param("company", person.company()).param("displayName", person.displayName())
                .param("avatarUrl", person.avatarUrl()).param("passwordHash", person.passwordHash())
                .param("admin", person.installationAdmin()).param("minimumAge", person.minimumAgeConfirmed())
                .param("kind", person.invitationKind()).param("invitationId", person.invitationId())
                .param("invitedBy", person.invitedBy() == null ? null : person.invitedBy().id())
                .param("ageConfirmedAt", SqlTime.of(ageConfirmedAt)).param("createdAt", SqlTime.of(createdAt))
                .param("now", SqlTime.of(now))
                .update();
    }

    void changeEmail(PersonId id, String email, Instant now) {
        jdbc.sql("UPDATE people SET email = :email, updated_at = :now WHERE person_id = :id")
                .param("email", email).param("now", SqlTime.of(now)).param("id", id.id()).update();
    }

    void updateProfile(PersonId id, ProfileChange change, Instant now) {
        jdbc.sql("""
                        UPDATE people SET email = :email, name = :name, company = :company,
                            display_name = :displayName, avatar_url = :avatarUrl, updated_at = :now
                        WHERE person_id = :id
                        """)
                .param("email", change.email()).param("name", change.name()).param("company", change.company())
                .param("displayName", change.displayName()).param("avatarUrl", change.avatarUrl())
                .param("now", SqlTime.of(now)).param("id", id.id())
                .update();
    }

    /** Whether the person asked that their data be kept but not processed. */
    public boolean processingRestricted(PersonId id) {
        return restricted.get(id.id(), () -> jdbc.sql(
                        "SELECT processing_restricted_at IS NOT NULL FROM people WHERE person_id = :id")
                .param("id", id.id()).query(Boolean.class).optional().orElse(false));
    }

    void disable(PersonId id, Instant now) {
        notices.changedHere("people", id.toString());
        jdbc.sql("UPDATE people SET disabled_at = COALESCE(disabled_at, :now), updated_at = :now WHERE person_id = :id")
                .param("now", SqlTime.of(now)).param("id", id.id()).update();
        jdbc.sql("DELETE FROM http_sessions WHERE principal_name = :id").param("id", id.toString()).update();
        jdbc.sql("DELETE FROM remember_me_tokens WHERE person_id = :id").param("id", id.id()).update();
    }

    void restrictProcessing(PersonId id, @Nullable Instant since) {
        notices.changedHere("people", id.toString());
        jdbc.sql("UPDATE people SET processing_restricted_at = :since, updated_at = now() WHERE person_id = :id")
                .param("since", SqlTime.of(since)).param("id", id.id()).update();
    }

    void updatePassword(PersonId id, String passwordHash, Instant now) {
        jdbc.sql("UPDATE people SET password_hash = :hash, password_changed_at = :now, updated_at = :now "
                        + "WHERE person_id = :id")
                .param("hash", passwordHash).param("now", SqlTime.of(now)).param("id", id.id()).update();
        // A new password also forgets every remembered device: a thief's copy of the cookie dies with the old one.
        jdbc.sql("DELETE FROM remember_me_tokens WHERE person_id = :id").param("id", id.id()).update();
    }

    private static Person person(ResultSet rs, int row) throws SQLException {
        return new Person(new PersonId(rs.getObject("person_id", UUID.class)), rs.getString("email"),
                rs.getString("name"), rs.getString("company"), rs.getString("display_name"),
                rs.getString("avatar_url"), rs.getBoolean("installation_admin"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getObject("disabled_at") != null);
    }

    public record Credentials(PersonId id, String passwordHash, boolean disabled) {
    }

    record NewPerson(PersonId id, String email, String name, @Nullable String company, @Nullable String displayName,
                     @Nullable String avatarUrl, String passwordHash, boolean installationAdmin,
                     int minimumAgeConfirmed, String invitationKind, UUID invitationId, @Nullable PersonId invitedBy) {
    }
}
