package dev.custos.identity.factors;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpSession;
import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.exception.DataConversionException;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.verifier.exception.VerificationException;
import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.People;
import dev.custos.identity.Person;
import dev.custos.identity.factors.PasskeyCeremonies.Ceremony;
import dev.custos.identity.factors.PasskeyCeremonies.Purpose;
import dev.custos.identity.factors.PasskeyCredentials.Stored;
import dev.custos.platform.PersonId;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Passkeys (ID-06), the WebAuthn ceremonies on the relying party's side. The device checks the person (biometrics
 * or PIN) and signs; Custos sends a fresh challenge, keeps it in the session for five minutes, once, and verifies
 * what comes back (challenge, origin, relying party, user presence and verification, signature, counter) with
 * webauthn4j. Only the credential id, the public key, the counter and flags are stored: no attestation.
 * A passkey signs a person in on its own (it is two factors: the device and the person's biometrics or PIN), or
 * completes a password sign-in as its second factor.
 */
@Service
public class Passkeys {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    /** A passkey as its owner sees it. */
    record Passkey(String id, String label, Instant createdAt, @Nullable Instant lastUsedAt, boolean synced) {
    }

    private final PasskeyCredentials credentials;
    private final PasskeyCeremonies ceremonies;
    private final People people;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final WebAuthnManager webAuthn = WebAuthnManager.createNonStrictWebAuthnManager();
    private final ObjectConverter converter = new ObjectConverter();

    Passkeys(PasskeyCredentials credentials, PasskeyCeremonies ceremonies, People people, AuditLog audit,
             TransactionTemplate transactions, Clock clock) {
        this.credentials = credentials;
        this.ceremonies = ceremonies;
        this.people = people;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The options for {@code navigator.credentials.create()}: a discoverable credential, verified user. */
    ObjectNode registrationOptions(PersonId person, HttpSession session) {
        Person account = people.find(person).orElseThrow(() -> CustosException.notFound("Account"));
        byte[] challenge = ceremonies.begin(session, Purpose.REGISTRATION, person);
        ObjectNode options = JsonNodeFactory.instance.objectNode();
        options.putObject("rp").put("id", ceremonies.rpId()).put("name", "Custos");
        options.putObject("user").put("id", B64URL.encodeToString(credentials.userHandle(person)))
                .put("name", account.email()).put("displayName", account.shownName());
        options.put("challenge", B64URL.encodeToString(challenge));
        ArrayNode params = options.putArray("pubKeyCredParams");
        PasskeyCeremonies.ALGORITHMS.forEach(p -> params.addObject().put("type", "public-key").put("alg", p.getAlg().getValue()));
        options.put("timeout", PasskeyCeremonies.CEREMONY_WAIT.toMillis());
        ArrayNode exclude = options.putArray("excludeCredentials");
        credentials.of(person).forEach(existing -> descriptor(exclude.addObject(), existing));
        options.putObject("authenticatorSelection").put("residentKey", "required").put("requireResidentKey", true)
                .put("userVerification", "required");
        options.put("attestation", "none");
        options.putObject("extensions").put("credProps", true);
        return options;
    }

    /** Verifies the device's answer to {@link #registrationOptions} and stores the passkey. */
    Passkey register(PersonId person, String credentialJson, String label, HttpSession session) {
        String name = label.strip();
        if (name.isEmpty() || name.length() > 60) {
            throw CustosException.invalid("invalid-passkey-label", "label must be 1 to 60 characters.");
        }
        Ceremony ceremony = ceremonies.take(session, Purpose.REGISTRATION, person);
        RegistrationData data;
        try {
            data = webAuthn.parseRegistrationResponseJSON(credentialJson);
            webAuthn.verify(data, new RegistrationParameters(ceremonies.server(ceremony), PasskeyCeremonies.ALGORITHMS, true, true));
        } catch (DataConversionException | VerificationException | IllegalArgumentException e) {
            throw ceremonies.refused(person, "passkey.registration", e);
        } catch (RuntimeException e) {
            throw ceremonies.refused(person, "passkey.registration", "malformed");
        }
        if (data.getAttestationObject() == null
                || data.getAttestationObject().getAuthenticatorData().getAttestedCredentialData() == null) {
            throw ceremonies.refused(person, "passkey.registration", "malformed");
        }
        var authenticator = data.getAttestationObject().getAuthenticatorData();
        AttestedCredentialData attested = Objects.requireNonNull(authenticator.getAttestedCredentialData());
        Set<String> transports = data.getTransports() == null ? Set.of()
                : data.getTransports().stream().map(AuthenticatorTransport::getValue).collect(Collectors.toSet());
        var stored = new Stored(attested.getCredentialId(), person,
                converter.getCborConverter().writeValueAsBytes(attested.getCOSEKey()), authenticator.getSignCount(),
                authenticator.isFlagUV(), authenticator.isFlagBE(), authenticator.isFlagBS(), transports, name,
                clock.instant(), null);
        return transactions.execute(status -> {
            if (!credentials.insert(stored)) {
                throw CustosException.conflict("passkey-exists", "This passkey is registered already.");
            }
            audit.record(AuditEvent.installation(person, "passkey.registered").on("passkey", stored.id())
                    .with("synced", "" + stored.backupEligible()));
            return passkey(stored);
        });
    }

    /**
     * Options for {@code navigator.credentials.get()}: any of the person's passkeys as a second factor, or for a
     * passwordless sign-in whichever discoverable passkey the device offers (with the person verified by it).
     */
    ObjectNode signInOptions(HttpSession session, @Nullable PersonId secondFactorOf) {
        Purpose purpose = secondFactorOf == null ? Purpose.SIGN_IN : Purpose.SECOND_FACTOR;
        byte[] challenge = ceremonies.begin(session, purpose, secondFactorOf);
        ObjectNode options = JsonNodeFactory.instance.objectNode();
        options.put("challenge", B64URL.encodeToString(challenge));
        options.put("rpId", ceremonies.rpId());
        options.put("timeout", PasskeyCeremonies.CEREMONY_WAIT.toMillis());
        options.put("userVerification", secondFactorOf == null ? "required" : "preferred");
        ArrayNode allow = options.putArray("allowCredentials");
        if (secondFactorOf != null) {
            credentials.of(secondFactorOf).forEach(existing -> descriptor(allow.addObject(), existing));
        }
        return options;
    }

    /** Verifies a signed assertion; returns whose passkey signed it. For a second factor, it must be theirs. */
    PersonId verifySignIn(String credentialJson, HttpSession session, @Nullable PersonId secondFactorOf) {
        Purpose purpose = secondFactorOf == null ? Purpose.SIGN_IN : Purpose.SECOND_FACTOR;
        Ceremony ceremony = ceremonies.take(session, purpose, secondFactorOf);
        AuthenticationData data;
        try {
            data = webAuthn.parseAuthenticationResponseJSON(credentialJson);
        } catch (DataConversionException | IllegalArgumentException e) {
            throw ceremonies.refused(secondFactorOf, "auth.passkey", e);
        } catch (RuntimeException e) {
            // whatever else the library makes of a malformed answer, it is the client's fault, not ours
            throw ceremonies.refused(secondFactorOf, "auth.passkey", "malformed");
        }
        if (data.getCredentialId() == null || data.getAuthenticatorData() == null || data.getCollectedClientData() == null
                || data.getSignature() == null) {
            throw ceremonies.refused(secondFactorOf, "auth.passkey", "malformed");
        }
        Stored stored = credentials.find(data.getCredentialId()).orElse(null);
        if (stored == null || (secondFactorOf != null && !stored.person().equals(secondFactorOf))) {
            throw ceremonies.refused(secondFactorOf, "auth.passkey", "unknown_credential");
        }
        byte[] handle = data.getUserHandle();
        if (handle != null && !credentials.personByHandle(handle).map(stored.person()::equals).orElse(false)) {
            throw ceremonies.refused(stored.person(), "auth.passkey", "user_handle_mismatch");
        }
        try {
            COSEKey key = converter.getCborConverter().readValue(stored.publicKey(), COSEKey.class);
            var record = new CredentialRecordImpl(null, stored.uvInitialized(), stored.backupEligible(),
                    stored.backupState(), stored.signCount(),
                    new AttestedCredentialData(AAGUID.ZERO, stored.credentialId(), Objects.requireNonNull(key)),
                    null, null, null, null);
            webAuthn.verify(data, new AuthenticationParameters(ceremonies.server(ceremony), record,
                    List.of(stored.credentialId()), secondFactorOf == null));
        } catch (VerificationException | DataConversionException e) {
            throw ceremonies.refused(stored.person(), "auth.passkey", e);
        } catch (RuntimeException e) {
            throw ceremonies.refused(stored.person(), "auth.passkey", "malformed");
        }
        var authenticator = Objects.requireNonNull(data.getAuthenticatorData());
        if (!credentials.used(stored.credentialId(), authenticator.getSignCount(), authenticator.isFlagBS(),
                clock.instant())) {
            throw ceremonies.refused(stored.person(), "auth.passkey", "counter_replayed");
        }
        audit.record(AuditEvent.installation(stored.person(), "auth.passkey").on("passkey", stored.id())
                .with("as", secondFactorOf == null ? "sign_in" : "second_factor"));
        return stored.person();
    }

    public List<Passkey> list(PersonId person) {
        return credentials.of(person).stream().map(Passkeys::passkey).toList();
    }

    boolean any(PersonId person) {
        return credentials.any(person);
    }

    /** Removes one of the person's passkeys; returns whether it was theirs. */
    public boolean remove(PersonId person, String id) {
        byte[] credentialId;
        try {
            credentialId = B64URL_DECODER.decode(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return Boolean.TRUE.equals(transactions.execute(status -> {
            boolean removed = credentials.delete(person, credentialId);
            if (removed) {
                audit.record(AuditEvent.installation(person, "passkey.removed").on("passkey", id));
            }
            return removed;
        }));
    }

    private static void descriptor(ObjectNode node, Stored credential) {
        node.put("type", "public-key").put("id", credential.id());
        ArrayNode transports = node.putArray("transports");
        credential.transports().stream().sorted().forEach(transports::add);
    }

    private static Passkey passkey(Stored stored) {
        return new Passkey(stored.id(), stored.label(), stored.createdAt(), stored.lastUsedAt(), stored.backupEligible());
    }
}
