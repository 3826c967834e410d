package dev.custos.tool;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BuiltInToolsTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private static final ToolContext CONTEXT = new ToolContext(dev.custos.platform.WorkspaceId.random(),
            java.util.UUID.randomUUID(), new dev.custos.platform.PersonId(java.util.UUID.randomUUID()));
    private final Calculator calculator = new Calculator(json);

    private String calculate(String expression) {
        return calculator.call(CONTEXT, json.writeValueAsString(java.util.Map.of("expression", expression)));
    }

    @Test
    @DisplayName("the calculator follows precedence, parentheses, unary minus and exact decimals")
    void calculates() {
        assertThat(calculate("6*7")).isEqualTo("42");
        assertThat(calculate("(1.5 + 2) * 3^2")).isEqualTo("31.5");
        assertThat(calculate("2^3^2")).isEqualTo("512");
        assertThat(calculate("-3 - -4")).isEqualTo("1");
        assertThat(calculate("0.1 + 0.2")).isEqualTo("0.3");
        assertThat(calculate("1/3")).startsWith("0.3333333333");
        assertThat(calculate("2^-2")).isEqualTo("0.25");
    }

    @Test
    @DisplayName("the calculator refuses what is not arithmetic, with a message the model can act on")
    void refusesNonsense() {
        assertThatThrownBy(() -> calculate("1/0")).isInstanceOf(ToolFailed.class).hasMessageContaining("zero");
        assertThatThrownBy(() -> calculate("Runtime.exec('rm')")).isInstanceOf(ToolFailed.class);
        assertThatThrownBy(() -> calculate("(1+2")).hasMessageContaining("parenthesis");
        assertThatThrownBy(() -> calculate("2^100000")).hasMessageContaining("Exponents");
        assertThatThrownBy(() -> calculator.call(CONTEXT, "{not json")).hasMessageContaining("JSON");
    }

    @Test
    @DisplayName("datetime tells the time in UTC or a named zone, and refuses unknown zones")
    void tellsTime() {
        var tool = new CurrentTime(Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC), json);
        assertThat(tool.call(CONTEXT, "{}")).isEqualTo("2026-11-22T12:00:00Z (UTC)");
        assertThat(tool.call(CONTEXT, "{\"timeZone\":\"Europe/Berlin\"}")).isEqualTo("2026-11-22T13:00:00+01:00 (Europe/Berlin)");
        assertThatThrownBy(() -> tool.call(CONTEXT, "{\"timeZone\":\"Mars/Base\"}")).isInstanceOf(ToolFailed.class);
    }
}
