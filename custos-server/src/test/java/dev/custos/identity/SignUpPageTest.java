package dev.custos.identity;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignUpPageTest extends CustosIntegrationTest {

    private Map<String, String> form(String code, String email) {
        var form = new HashMap<String, String>();
        form.put("code", code);
        form.put("name", "Page Person");
        form.put("email", email);
        form.put("password", PASSWORD);
        form.put("ageConfirmed", "true");
        return form;
    }

    @Test
    @DisplayName("the sign-up page creates the account and sends the person to sign in")
    void signUpThroughThePage() {
        var invitation = invitations.issue(null);
        var page = anonymous().get("/signup?code=" + invitation.code());
        assertThat(page.body()).contains(invitation.code(), "at least 16 years old");
        var done = anonymous().postForm("/signup", form(invitation.code(), "page." + UUID.randomUUID() + "@example.com"));
        assertThat(done.status()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location").orElseThrow()).endsWith("/signin?registered");
    }

    @Test
    @Tag("ID-11")
    @DisplayName("the page refuses a sign-up without the age confirmation with a readable message")
    void ageConfirmationOnThePage() {
        var invitation = invitations.issue(null);
        String email = "minor." + UUID.randomUUID() + "@example.com";
        var fields = form(invitation.code(), email);
        fields.remove("ageConfirmed");
        var refused = anonymous().postForm("/signup", fields);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("Please check the form").contains("minimum age")
                .doesNotContain(PASSWORD);
        assertThat(asOwner().sql("SELECT count(*) FROM people WHERE email = :e").param("e", email)
                .query(Long.class).single()).isZero();
    }
}
