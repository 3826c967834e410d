package dev.custos.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at /api/docs: what the API is and how to authenticate against it. */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    @Bean
    OpenAPI custosOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Custos API").version("v1").description("""
                        Workspaces, members, invitations, API keys and the audit log of a Custos installation.
                        Authenticate with an API key (`Authorization: Bearer cst_...`), or with the session cookie
                        of a signed-in browser plus its CSRF token in `X-XSRF-TOKEN`. Errors are RFC 9457
                        problem+json documents whose `type` is stable."""))
                .components(new Components().addSecuritySchemes("apiKey", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("cst_<prefix>_<secret>")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}
