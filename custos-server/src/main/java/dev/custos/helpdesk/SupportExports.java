package dev.custos.helpdesk;

import java.util.Map;
import java.util.UUID;

import dev.custos.keys.ContentSeal;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import dev.custos.privacy.SealedExport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Opens a request's subject and its messages for a data export, with the requester's key that sealed them. */
@Configuration
class SupportExports {

    @Bean
    SealedExport supportSubjects(ContentSeal seal) {
        return new Opened(seal, "support_requests", "subject", "person_id");
    }

    @Bean
    SealedExport supportMessages(ContentSeal seal) {
        return new Opened(seal, "support_messages", "body", "requester_id");
    }

    private record Opened(ContentSeal seal, String table, String column, String requesterColumn)
            implements SealedExport {

        @Override
        public Object open(PersonId subject, Map<String, Object> row) {
            PersonId requester = new PersonId(UUID.fromString(String.valueOf(row.get(requesterColumn))));
            String context = table.equals("support_requests") ? SupportRequests.subjectContext(row.get("request_id"))
                    : SupportRequests.messageContext(row.get("request_id"), row.get("message_id"));
            try {
                return seal.open(WorkspaceId.INSTALLATION, requester, (byte[]) row.get(column), context);
            } catch (ContentSeal.SealBroken e) {
                return Map.of("erased", true);
            }
        }
    }
}
