package dev.custos.connection.connector;

import java.net.URI;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** A built-in connector: the operations it offers agents, and how each is done over the service's API. */
public interface Connector {

    /** One thing an agent may ask of the service; {@code writes} when it changes something there. */
    record Operation(String name, String description, String schemaJson, boolean writes) {
    }

    /** Where the service's API is and the token to call it with, for one call. */
    record Upstream(URI api, String token) {
        @Override
        public String toString() {
            return "Upstream[" + api + "]"; // never the token
        }
    }

    /** Who the token acts as in the service: a label to show and a stable id (e.g. a Slack team id). */
    record Account(String label, String id) {
    }

    ConnectorKind kind();

    List<Operation> operations();

    /** Does the operation and answers what the model reads: compact JSON. */
    String call(Upstream upstream, String operation, JsonNode arguments);

    /** Who a fresh token belongs to, from the token response or by asking the service. */
    Account account(Upstream upstream, JsonNode tokenResponse);
}
