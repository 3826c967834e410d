package dev.custos.platform;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
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
        JavaMailSender mailer = sender;
        if (mailer == null) {
            return;
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to);
        message.setSubject(subject);
        message.setText(text);
        Runnable send = () -> sending.submit(() -> {
            try {
                mailer.send(message);
            } catch (MailException e) {
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
