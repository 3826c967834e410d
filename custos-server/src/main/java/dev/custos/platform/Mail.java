package dev.custos.platform;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Email through the operator's relay ({@code spring.mail.host} and friends). Unconfigured, nothing is sent and
 * {@link #available()} says so; features that need mail then say what to do instead. Messages go after the
 * current transaction commits (work that rolls back sends nothing), off the request thread; a failure is
 * logged without the address or the content.
 */
@Component
public class Mail {

    private static final Logger log = LoggerFactory.getLogger(Mail.class);

    private final @Nullable JavaMailSender sender;
    private final String from;
    private final ExecutorService sending = Executors.newVirtualThreadPerTaskExecutor();

    Mail(ObjectProvider<JavaMailSender> sender, @Value("${custos.mail.from:custos@localhost}") String from) {
        this.sender = sender.getIfAvailable();
        this.from = from;
    }

    public boolean available() {
        return sender != null;
    }

    /** Sends a plain-text message, once the current transaction (if any) has committed. */
    public void send(String to, String subject, String text) {
        send(to, subject, text, Map.of());
    }

    /** The same, with headers of the message's own ({@code List-Unsubscribe}, say). */
    public void send(String to, String subject, String text, Map<String, String> headers) {
        JavaMailSender mailer = sender;
        if (mailer == null) {
            return;
        }
        Runnable send = () -> sending.submit(() -> {
            try {
                MimeMessage message = mailer.createMimeMessage();
                var helper = new MimeMessageHelper(message, false, "UTF-8");
                helper.setFrom(from);
                helper.setTo(to);
                helper.setSubject(subject);
                helper.setText(text);
                for (var header : headers.entrySet()) {
                    message.setHeader(header.getKey(), header.getValue());
                }
                mailer.send(message);
            } catch (MailException | MessagingException e) {
                log.warn("A message could not be sent ({}); the in-app notice stands", e.getClass().getSimpleName());
            }
        });
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    send.run();
                }
            });
        } else {
            send.run();
        }
    }

    @PreDestroy
    void stop() {
        sending.shutdown();
    }
}
