package dev.custos.tool;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The current date and time, in UTC or a named time zone. */
@Component
public class CurrentTime implements Tool {

    private final Clock clock;
    private final JsonMapper json;

    public CurrentTime(Clock clock, JsonMapper json) {
        this.clock = clock;
        this.json = json;
    }

    @Override
    public String name() {
        return "datetime";
    }

    @Override
    public String description() {
        return "Tells the current date and time, in UTC or in an IANA time zone such as Europe/Berlin.";
    }

    @Override
    public String parametersSchema() {
        return """
                {"type":"object","properties":{"timeZone":{"type":"string","description":"IANA zone, default UTC"}},\
                "additionalProperties":false}""";
    }

    @Override
    public String call(ToolContext context, String argumentsJson) {
        String zone;
        try {
            zone = json.readTree(argumentsJson.isBlank() ? "{}" : argumentsJson).path("timeZone").asString("UTC");
        } catch (JacksonException e) {
            throw new ToolFailed("The arguments are not valid JSON.");
        }
        try {
            return ZonedDateTime.now(clock.withZone(ZoneId.of(zone))).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    + " (" + zone + ")";
        } catch (DateTimeException e) {
            throw new ToolFailed("Unknown time zone '" + zone + "'; use an IANA name such as Europe/Berlin.");
        }
    }
}
