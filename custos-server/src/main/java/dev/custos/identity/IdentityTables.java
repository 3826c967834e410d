package dev.custos.identity;

import java.util.List;
import java.util.Set;

import dev.custos.platform.Tenancy;
import dev.custos.platform.personaldata.OwnedTables;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The identity module's tables: people, their sign-in factors, sessions and invitations; the privacy engine erases and
 * exports them through here.
 */
@Component
class IdentityTables extends OwnedTables {

    IdentityTables(JdbcClient jdbc, Tenancy tenancy) {
        super(jdbc, tenancy, Set.of("people", "invitations", "http_sessions", "http_sessions_attributes",
                "totp_factors", "backup_codes", "sign_in_attempts", "email_changes", "remember_me_tokens",
                "sso_providers", "external_identities", "passkeys", "account_claims"), List.of());
    }
}
