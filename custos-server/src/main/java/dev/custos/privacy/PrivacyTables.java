package dev.custos.privacy;

import java.util.List;
import java.util.Set;

import dev.custos.platform.Tenancy;
import dev.custos.platform.personaldata.Expiry;
import dev.custos.platform.personaldata.OwnedTables;
import dev.custos.platform.personaldata.RetentionRule;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The privacy engine's own tables, driven like every module's: requests, consents, notices, holds, governance. */
@Component
class PrivacyTables extends OwnedTables {

    PrivacyTables(JdbcClient jdbc, Tenancy tenancy) {
        super(jdbc, tenancy, Set.of("privacy_requests", "privacy_request_history", "person_notices",
                "consent_records", "data_exports", "erasure_jobs", "retention_purges", "legal_holds",
                "workspace_retention", "sub_processors", "policy_versions", "policy_acceptances", "breaches",
                "breach_affected", "workspace_data_agreements", "end_user_requests", "request_forms",
                "public_request_attempts", "workspace_closures", "processing_objections", "marketing_messages",
                "unsubscribe_tokens"), List.of(
                new Expiry(RetentionRule.UNCONFIRMED_REQUESTS, "end_user_requests", "verify_by",
                        "t.status = 'unverified'", null, null),
                new Expiry(RetentionRule.ANSWERED_REQUESTS, "end_user_requests", "instructed_at",
                        "t.status IN ('fulfilled', 'declined')", null, null),
                new Expiry(RetentionRule.NOTICES, "person_notices", "created_at", "", null, null),
                new Expiry(RetentionRule.UNSUBSCRIBE_LINKS, "unsubscribe_tokens", "created_at", "", null, null),
                new Expiry(RetentionRule.EXPORT_RECORDS, "data_exports", "created_at", "", null, null)));
    }
}
