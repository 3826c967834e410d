package dev.custos.identity;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param baseUrl                     where people reach this installation, for links Custos prints or returns
 * @param minimumAge                  the age a person confirms at sign-up: 16 by default, 18 where required
 * @param invitationValidity          how long an invitation code stays usable
 * @param bootstrapInvitationValidity how long the first owner's printed invitation stays usable
 * @param passkeyOrigins              origins besides the base URL's that passkeys may be used from (the
 *                                    relying party id is always the base URL's host)
 */
@Validated
@ConfigurationProperties("custos.identity")
public record IdentityProperties(
        @DefaultValue("http://localhost:8080") String baseUrl,
        @DefaultValue("16") @Min(13) @Max(21) int minimumAge,
        @DefaultValue("7d") Duration invitationValidity,
        @DefaultValue("24h") Duration bootstrapInvitationValidity,
        @DefaultValue({}) List<String> passkeyOrigins) {
}
