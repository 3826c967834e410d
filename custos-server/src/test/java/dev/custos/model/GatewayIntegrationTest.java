package dev.custos.model;

import java.util.UUID;

import dev.custos.support.ApiClient;
import dev.custos.support.FakeProviderTest;

/** A gateway test: Custos in front of a fake model provider on a real port, and workspaces set up to call it. */
abstract class GatewayIntegrationTest extends FakeProviderTest {

    /** A workspace with one allowed provider and a read-write API key: what a gateway user sets up. */
    record Gateway(SignedIn owner, UUID workspace, Registered provider, String key, ApiClient sdk) {
        /** The provider's model as the gateway names it. */
        String model(String name) {
            return provider.name() + "/" + name;
        }

        /** The id of the workspace's only API key, as usage is split by it. */
        String keyId() {
            return owner.client().get("/api/workspaces/" + workspace + "/api-keys").json().get(0).get("keyId")
                    .asString();
        }
    }

    Gateway gateway(String kind, boolean zeroRetention, String... models) {
        SignedIn owner = signUp("Gateway Owner");
        UUID workspace = createWorkspace(owner, "Gateway");
        Registered provider = registerProvider(kind, fake.baseUrl(), zeroRetention, models);
        allowProvider(owner, workspace, provider.id());
        String key = createApiKey(owner, workspace, "read", "write");
        return new Gateway(owner, workspace, provider, key, ApiClient.withApiKey(port, key));
    }
}
