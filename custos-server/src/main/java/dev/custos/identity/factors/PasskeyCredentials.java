package dev.custos.identity.factors;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The passkeys table, and each person's WebAuthn user handle. */
@Repository
class PasskeyCredentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A stored credential: what verifying an assertion needs, and what its owner sees. */
    record Stored(byte[] credentialId, PersonId person, byte[] publicKey, long signCount, boolean uvInitialized,
                  boolean backupEligible, boolean backupState, Set<String> transports, String label,
                  Instant createdAt, @Nullable Instant lastUsedAt) {

        /** The id as WebAuthn's JSON carries it, and as the API names it. */
        String id() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(credentialId);
        }
    }

    private final JdbcClient jdbc;

    PasskeyCredentials(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The person's user handle, made (random, 32 bytes) the first time they register a passkey. */
    byte[] userHandle(PersonId person) {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        jdbc.sql("UPDATE people SET passkey_user_handle = :h WHERE person_id = :p AND passkey_user_handle IS NULL")
                .param("h", fresh).param("p", person.id()).update();
        return jdbc.sql("SELECT passkey_user_handle FROM people WHERE person_id = :p").param("p", person.id())
                .query((rs, n) -> rs.getBytes(1)).single();
    }

    Optional<PersonId> personByHandle(byte[] handle) {
        return jdbc.sql("SELECT person_id FROM people WHERE passkey_user_handle = :h").param("h", handle)
                .query((rs, n) -> new PersonId(rs.getObject(1, UUID.class))).optional();
    }

    Optional<Stored> find(byte[] credentialId) {
        return jdbc.sql("SELECT * FROM passkeys WHERE credential_id = :id").param("id", credentialId)
                .query(PasskeyCredentials::stored).optional();
    }

    List<Stored> of(PersonId person) {
        return jdbc.sql("SELECT * FROM passkeys WHERE person_id = :p ORDER BY created_at, credential_id")
                .param("p", person.id()).query(PasskeyCredentials::stored).list();
    }

    boolean any(PersonId person) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM passkeys WHERE person_id = :p)").param("p", person.id())
                .query(Boolean.class).single();
    }

    /** Stores a new credential; false when its id is registered already (to anyone). */
    boolean insert(Stored credential) {
        return jdbc.sql("""
                        INSERT INTO passkeys (credential_id, person_id, public_key, sign_count, uv_initialized,
                            backup_eligible, backup_state, transports, label, created_at)
                        VALUES (:id, :p, :key, :count, :uv, :be, :bs, :transports, :label, :now)
                        ON CONFLICT (credential_id) DO NOTHING""")
                .param("id", credential.credentialId()).param("p", credential.person().id())
                .param("key", credential.publicKey()).param("count", credential.signCount())
                .param("uv", credential.uvInitialized()).param("be", credential.backupEligible())
                .param("bs", credential.backupState())
                .param("transports", credential.transports().toArray(String[]::new))
                .param("label", credential.label()).param("now", SqlTime.of(credential.createdAt())).update() == 1;
    }

    /**
     * Records a verified use: the new counter and backup state. The counter only moves forward, in one statement,
     * so two racing sign-ins with one assertion cannot both count.
     */
    boolean used(byte[] credentialId, long signCount, boolean backupState, Instant now) {
        return jdbc.sql("""
                        UPDATE passkeys SET sign_count = :count, backup_state = :bs, last_used_at = :now
                        WHERE credential_id = :id AND (sign_count < :count OR (sign_count = 0 AND :count = 0))""")
                .param("count", signCount).param("bs", backupState).param("now", SqlTime.of(now))
                .param("id", credentialId).update() == 1;
    }

    boolean delete(PersonId person, byte[] credentialId) {
        return jdbc.sql("DELETE FROM passkeys WHERE person_id = :p AND credential_id = :id")
                .param("p", person.id()).param("id", credentialId).update() == 1;
    }

    private static Stored stored(ResultSet rs, int row) throws SQLException {
        return new Stored(rs.getBytes("credential_id"), new PersonId(rs.getObject("person_id", UUID.class)),
                rs.getBytes("public_key"), rs.getLong("sign_count"), rs.getBoolean("uv_initialized"),
                rs.getBoolean("backup_eligible"), rs.getBoolean("backup_state"),
                Set.of((String[]) rs.getArray("transports").getArray()), rs.getString("label"),
                Objects.requireNonNull(SqlTime.instant(rs, "created_at")),
                SqlTime.instant(rs, "last_used_at"));
    }
}
