package dev.custos.identity.factors;

import java.io.Serializable;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpSession;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.IdentityProperties;
import dev.custos.platform.PersonId;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The relying party's side of a WebAuthn ceremony: who Custos is to a device (its id and the origins it is
 * reached at), a fresh challenge kept in the session for five minutes and taken once, and the refusal of an
 * answer that does not verify (audited with its reason).
 */
@Component
class PasskeyCeremonies {

    static final Duration CEREMONY_WAIT = Duration.ofMinutes(5);
    static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a ceremony is for: adding a passkey, signing in with one, or completing a password sign-in. */
    enum Purpose { REGISTRATION, SIGN_IN, SECOND_FACTOR }

    /** A challenge handed out and not yet answered. */
    record Ceremony(Purpose purpose, byte[] challenge, Instant expires, @Nullable PersonId person)
            implements Serializable {
        @Override
        public String toString() {
            return "Ceremony[" + purpose + "]";
        }
    }

    private final AuditLog audit;
    private final Clock clock;
    private final String rpId;
    private final Set<Origin> origins;

    PasskeyCeremonies(AuditLog audit, Clock clock, IdentityProperties properties) {
        this.audit = audit;
        this.clock = clock;
        URI base = URI.create(properties.baseUrl());
        this.rpId = base.getHost();
        Set<String> allowed = new LinkedHashSet<>();
        allowed.add(base.getScheme() + "://" + base.getRawAuthority());
        allowed.addAll(properties.passkeyOrigins());
        this.origins = allowed.stream().map(Origin::new).collect(Collectors.toUnmodifiableSet());
    }

    /** The relying party's id: the host people reach Custos at. */
    String rpId() {
        return rpId;
    }

    /** A fresh challenge for the purpose, kept in the session until answered or expired. */
    byte[] begin(HttpSession session, Purpose purpose, @Nullable PersonId person) {
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        session.setAttribute(attribute(purpose), new Ceremony(purpose, challenge, clock.instant().plus(CEREMONY_WAIT),
                person));
        return challenge;
    }

    /** The ceremony's challenge, once: an answer can be checked against it a single time. */
    Ceremony take(HttpSession session, Purpose purpose, @Nullable PersonId person) {
        Ceremony ceremony = (Ceremony) session.getAttribute(attribute(purpose));
        session.removeAttribute(attribute(purpose));
        if (ceremony == null || ceremony.expires().isBefore(clock.instant())
                || !Objects.equals(ceremony.person(), person)) {
            throw new CustosException(HttpStatus.BAD_REQUEST, "passkey-challenge-expired",
                    "Ask for a new passkey challenge first (each one is answered once, within five minutes).");
        }
        return ceremony;
    }

    /** What an answer to the ceremony is verified against: its challenge, the origins, the relying party. */
    ServerProperty server(Ceremony ceremony) {
        return new ServerProperty(origins, rpId, new DefaultChallenge(ceremony.challenge()));
    }

    private static String attribute(Purpose purpose) {
        return "custos.passkey." + purpose.name().toLowerCase(Locale.ROOT);
    }

    /** An answer webauthn4j refused, by the name of its reason ({@code BadSignatureException}: bad_signature). */
    CustosException refused(@Nullable PersonId person, String action, Exception why) {
        String name = why.getClass().getSimpleName().replace("Exception", "");
        return refused(person, action, name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT));
    }

    /** An answer that does not verify: audited with the reason, refused with what the person can do. */
    CustosException refused(@Nullable PersonId person, String action, String reason) {
        audit.record(AuditEvent.installation(person, action).outcome(AuditEvent.Outcome.FAILURE)
                .with("reason", reason));
        return new CustosException(HttpStatus.UNAUTHORIZED, "passkey-refused", switch (reason) {
            case "unknown_credential" -> "This passkey is not registered here (or not for this account).";
            case "bad_signature" -> "The passkey's signature does not verify.";
            case "bad_challenge" -> "This passkey answer was made for another request; try again.";
            case "bad_origin", "bad_rp_id" -> "This passkey answer was made for another site.";
            case "user_not_verified" -> "Your device did not verify you (fingerprint, face or PIN); try again.";
            case "malicious_counter_value", "counter_replayed" ->
                    "This passkey's counter went backwards: it may have been copied. It was refused.";
            default -> "The passkey answer could not be verified; try again.";
        });
    }
}
