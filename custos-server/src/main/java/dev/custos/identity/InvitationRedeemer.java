package dev.custos.identity;

import java.util.Optional;
import java.util.UUID;

import dev.custos.platform.PersonId;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;

/**
 * Claims an invitation for a person who is signing up. Installation invitations are redeemed here; the workspace
 * module redeems its own invitations, which also let their invitee onto the platform.
 */
public interface InvitationRedeemer {

    /**
     * Claims the invitation with this code hash for the new person, within the sign-up transaction.
     *
     * @return the claimed invitation, or empty when the code is not one of this redeemer's
     * @throws CustosException when the invitation exists but is expired, used or revoked
     */
    Optional<RedeemedInvitation> redeem(String codeHash, PersonId newPerson);

    /** Who issued the invitation a person signed up with, and whether it makes them an installation admin. */
    record RedeemedInvitation(String kind, UUID invitationId, @Nullable PersonId issuedBy,
                              boolean installationAdmin) {
    }
}
