package dev.custos.release;

import java.security.Security;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The Bouncy Castle provider, registered once on first use. */
final class BouncyCastle {

    static {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    private BouncyCastle() {
    }

    /** The provider's name; calling this registers it (a constant would be inlined and register nothing). */
    static String provider() {
        return BouncyCastleProvider.PROVIDER_NAME;
    }
}
