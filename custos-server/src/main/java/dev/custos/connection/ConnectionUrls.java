package dev.custos.connection;

import java.net.URI;

import dev.custos.connection.connector.HttpsUrls;
import dev.custos.platform.web.CustosException;

/** A URL a person gives for a connection, checked by {@link HttpsUrls}' rule; refused with a problem otherwise. */
final class ConnectionUrls {

    private ConnectionUrls() {
    }

    /** The URL, or a problem of {@code type} saying what {@code field} must be. */
    static URI https(String raw, String type, String field) {
        return HttpsUrls.parse(raw).orElseThrow(() -> CustosException.invalid(type, field + " must be an https URL "
                + "(plain http only on this machine), without a user name or fragment."));
    }
}
