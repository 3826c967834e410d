package dev.custos.privacy.requests;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import dev.custos.platform.web.CustosException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * When a request must be answered (DR-08): never later than the law allows nor than the 30 days Custos promises,
 * and sooner where the operator sets {@code custos.privacy.answer-within} shorter. Every kind of request, a
 * person's own, one recorded on their behalf and an end user's, takes its deadline from here.
 */
@Component
public class RequestDeadlines {

    private final Duration answerWithin;

    public RequestDeadlines(@Value("${custos.privacy.answer-within:30d}") Duration answerWithin) {
        if (answerWithin.compareTo(Duration.ofDays(1)) < 0 || answerWithin.compareTo(Jurisdiction.PROMISED) > 0) {
            throw new IllegalStateException("custos.privacy.answer-within must be between 1 day and 30 days (the "
                    + "promise); it is " + answerWithin.toDays() + " days");
        }
        this.answerWithin = answerWithin;
    }

    public Instant due(Jurisdiction law, Instant received) {
        Instant legal = law.deadline(received);
        Instant own = received.plus(answerWithin);
        return own.isBefore(legal) ? own : legal;
    }

    /**
     * A new deadline picked as a date on a form: the end of that day (UTC), which is when a deadline falls. The
     * queues' extension forms both read it this way.
     */
    public static Instant endOfPickedDay(String day) {
        try {
            return LocalDate.parse(day).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
        } catch (DateTimeParseException e) {
            throw CustosException.invalid("invalid-extension", "Pick the new deadline's date.");
        }
    }

    Duration answerWithin() {
        return answerWithin;
    }
}
