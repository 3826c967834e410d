package dev.custos.platform;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiDocumentationTest extends CustosIntegrationTest {

    @Test
    @DisplayName("the OpenAPI document is public and describes the API and its bearer authentication")
    void openApiDocumentIsServed() {
        var document = anonymous().get("/api/docs/openapi.json");
        assertThat(document.status()).isEqualTo(200);
        var json = document.json();
        assertThat(json.get("info").get("title").asString()).isEqualTo("Custos API");
        assertThat(json.get("paths").has("/api/workspaces/{workspaceId}/api-keys")).isTrue();
        assertThat(json.get("paths").has("/api/audit/verification")).isTrue();
        assertThat(json.get("components").get("securitySchemes").get("apiKey").get("scheme").asString())
                .isEqualTo("bearer");
        assertThat(anonymous().get("/api/swagger-ui/index.html").status()).isEqualTo(200);
        assertThat(anonymous().get("/actuator/health").status()).isEqualTo(200);
    }
}
