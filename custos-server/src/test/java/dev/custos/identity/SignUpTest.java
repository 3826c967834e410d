package dev.custos.identity;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignUpTest extends CustosIntegrationTest {

    private Map<String, Object> form(String code, String email) {
        var form = new HashMap<String, Object>();
        form.put("code", code);
        form.put("email", email);
        form.put("password", PASSWORD);
        form.put("name", "Test Person");
        form.put("ageConfirmed", true);
        return form;
    }

    private long people() {
        return asOwner().sql("SELECT count(*) FROM people").query(Long.class).single();
    }

    @Test
    @Tag("ID-03")
    @DisplayName("sign-up needs an invitation; the code used and who issued it are recorded")
    void invitationRequiredAndRecorded() {
        var noCode = anonymous().post("/api/auth/sign-up", form("inv_doesnotexist", "nobody@example.com"));
        assertThat(noCode.status()).isEqualTo(400);
        assertThat(noCode.problemType()).isEqualTo("/problems/invitation-invalid");

        SignedIn inviter = signUp("Inviter");
        UUID workspace = createWorkspace(inviter, "Team");
        SignedIn invitee = addMember(inviter, workspace, "member", "Invitee");

        var recorded = asOwner().sql("""
                        SELECT p.invitation_kind, p.invited_by, i.invited_by AS issuer, i.accepted_by
                        FROM people p JOIN workspace_invites i ON i.invite_id = p.invitation_id
                        WHERE p.person_id = :id
                        """).param("id", invitee.personId()).query().singleRow();
        assertThat(recorded.get("invitation_kind")).isEqualTo("workspace");
        assertThat(recorded.get("invited_by")).isEqualTo(inviter.personId());
        assertThat(recorded.get("accepted_by")).isEqualTo(invitee.personId());
    }

    @Test
    @Tag("ID-03")
    @DisplayName("an invitation works once, and not after it expires; a refused sign-up writes nothing")
    void invitationIsSingleUseAndExpires() {
        var invitation = invitations.issue(null);
        signUpWith(invitation.code(), "First");
        long before = people();
        var reused = anonymous().post("/api/auth/sign-up", form(invitation.code(), "second@example.com"));
        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.problemType()).isEqualTo("/problems/invitation-used");

        var expiring = invitations.issue(null);
        asOwner().sql("UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE invitation_id = :id")
                .param("id", expiring.invitationId()).update();
        var expired = anonymous().post("/api/auth/sign-up", form(expiring.code(), "late@example.com"));
        assertThat(expired.status()).isEqualTo(409);
        assertThat(expired.problemType()).isEqualTo("/problems/invitation-expired");
        assertThat(people()).isEqualTo(before);
    }

    @Test
    @Tag("ID-11")
    @DisplayName("sign-up without confirming the minimum age is refused and creates nothing")
    void minimumAgeMustBeConfirmed() {
        var invitation = invitations.issue(null);
        var body = form(invitation.code(), "young@example.com");
        body.put("ageConfirmed", false);
        long before = people();
        var refused = anonymous().post("/api/auth/sign-up", body);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("ageConfirmed");
        assertThat(people()).isEqualTo(before);
        // The invitation was not used up by the refused attempt.
        assertThat(signUpWith(invitation.code(), "Grown Up").personId()).isNotNull();
        assertThat(asOwner().sql("SELECT minimum_age_confirmed FROM people WHERE lower(email) LIKE 'grown.up.%'")
                .query(Integer.class).single()).isEqualTo(16);
    }

    @Test
    @Tag("ID-02")
    @DisplayName("passwords are stored only as salted Argon2id hashes, and weak ones are refused")
    void passwordsAreArgon2idHashes() {
        SignedIn a = signUp("Hash One");
        SignedIn b = signUp("Hash Two");
        var hashes = asOwner().sql("SELECT password_hash FROM people WHERE person_id IN (:a, :b)")
                .param("a", a.personId()).param("b", b.personId()).query(String.class).list();
        assertThat(hashes).hasSize(2).allSatisfy(hash -> {
            assertThat(hash).startsWith("$argon2id$").doesNotContain(PASSWORD);
        });
        assertThat(hashes.get(0)).as("same password, different salt").isNotEqualTo(hashes.get(1));
        String everything = asOwner().sql("SELECT string_agg(p::text, ' ') FROM people p").query(String.class).single();
        assertThat(everything).doesNotContain(PASSWORD);

        for (String weak : new String[] {"short", "password1234", "aaaaaaaaaaaaaaa"}) {
            var body = form(invitations.issue(null).code(), "weak" + UUID.randomUUID() + "@example.com");
            body.put("password", weak);
            var refused = anonymous().post("/api/auth/sign-up", body);
            assertThat(refused.status()).as(weak).isEqualTo(400);
            assertThat(refused.problemType()).isEqualTo("/problems/weak-password");
            assertThat(refused.body()).doesNotContain(weak);
        }
    }

    @Test
    @DisplayName("an email already used gets 409 and nothing is written")
    void duplicateEmail() {
        SignedIn first = signUp("Dup");
        var again = anonymous().post("/api/auth/sign-up", form(invitations.issue(null).code(),
                first.email().toUpperCase()));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemType()).isEqualTo("/problems/email-taken");

        // Without a valid invitation the same request cannot tell whether the email has an account.
        var probe = anonymous().post("/api/auth/sign-up", form("inv_guessed", first.email()));
        assertThat(probe.problemType()).isEqualTo("/problems/invitation-invalid");
    }
}
