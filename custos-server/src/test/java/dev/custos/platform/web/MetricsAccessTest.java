package dev.custos.platform.web;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The metrics endpoint is off until the operator gives a token, and then only for it. */
class MetricsAccessTest {

    private static int status(String configured, String presented) throws Exception {
        var request = new MockHttpServletRequest("GET", "/actuator/prometheus");
        if (presented != null) {
            request.addHeader("Authorization", "Bearer " + presented);
        }
        var response = new MockHttpServletResponse();
        var chain = new MockFilterChain();
        new MetricsAccess(configured, JsonMapper.builder().build()).doFilter(request, response, chain);
        return chain.getRequest() != null ? 200 : response.getStatus();
    }

    @Test
    @DisplayName("no token configured: 404 even for a request presenting one; configured: only the same token")
    void tokenOrNothing() throws Exception {
        assertThat(status("", null)).isEqualTo(404);
        assertThat(status("", "")).isEqualTo(404);
        assertThat(status("s3cret-token", null)).isEqualTo(401);
        assertThat(status("s3cret-token", "s3cret-tokeN")).isEqualTo(401);
        assertThat(status("s3cret-token", "s3cret-token")).isEqualTo(200);
    }
}
