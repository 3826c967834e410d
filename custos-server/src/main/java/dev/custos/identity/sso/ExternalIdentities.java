package dev.custos.identity.sso;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Which subject of which identity provider is which person. */
@Repository
public class ExternalIdentities {

    /** A link as the person sees it. */
    record Linked(String provider, String label, Instant linkedAt, @Nullable Instant lastSignInAt) {
    }

    private final JdbcClient jdbc;

    ExternalIdentities(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<PersonId> person(UUID provider, String subject) {
        return jdbc.sql("SELECT person_id FROM external_identities WHERE provider_id = :p AND subject = :s")
                .param("p", provider).param("s", subject)
                .query((rs, n) -> new PersonId(rs.getObject(1, UUID.class))).optional();
    }

    void link(UUID provider, String subject, PersonId person, Instant now) {
        jdbc.sql("""
                        INSERT INTO external_identities (provider_id, subject, person_id, linked_at, last_sign_in_at)
                        VALUES (:p, :s, :person, :now, :now)""")
                .param("p", provider).param("s", subject).param("person", person.id()).param("now", SqlTime.of(now))
                .update();
    }

    void signedIn(UUID provider, String subject, Instant now) {
        jdbc.sql("UPDATE external_identities SET last_sign_in_at = :now WHERE provider_id = :p AND subject = :s")
                .param("now", SqlTime.of(now)).param("p", provider).param("s", subject).update();
    }

    public List<Linked> of(PersonId person) {
        return jdbc.sql("""
                        SELECT p.name, p.label, e.linked_at, e.last_sign_in_at FROM external_identities e
                        JOIN sso_providers p USING (provider_id) WHERE e.person_id = :person ORDER BY p.label""")
                .param("person", person.id())
                .query((rs, n) -> new Linked(rs.getString(1), rs.getString(2),
                        Objects.requireNonNull(SqlTime.instant(rs, "linked_at")),
                        SqlTime.instant(rs, "last_sign_in_at")))
                .list();
    }

    /** Unlinks the person from a provider (by its name); returns whether a link was there. */
    boolean unlink(PersonId person, String provider) {
        return jdbc.sql("""
                        DELETE FROM external_identities e USING sso_providers p
                        WHERE e.provider_id = p.provider_id AND p.name = :name AND e.person_id = :person""")
                .param("name", provider).param("person", person.id()).update() > 0;
    }
}
