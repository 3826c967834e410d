package dev.custos.agent;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How runs are kept alive across nodes.
 *
 * @param lease          how long a node holds a run without renewing it; longer than a model call's timeout
 * @param resumeInterval how often each node looks for runs whose node went away
 * @param flushInterval  how long streamed text is gathered before it is stored as one event
 * @param followPoll     how often a follower reads a session again when no notice woke it: events another node
 *                       writes arrive by {@code LISTEN/NOTIFY} at once, so this is only the safety net
 * @param clientTimeout  how long a run waits for the terminal client that offered a local tool to answer its call
 *                       (the person may be deciding, or the client may have gone away) before the run ends
 */
@ConfigurationProperties("custos.agents")
public record AgentProperties(
        @DefaultValue("2m") Duration lease,
        @DefaultValue("5s") Duration resumeInterval,
        @DefaultValue("50ms") Duration flushInterval,
        @DefaultValue("5s") Duration followPoll,
        @DefaultValue("15m") Duration clientTimeout) {
}
