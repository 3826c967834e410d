package dev.custos.privacy;

import java.util.List;

/** Who else receives personal data: the privacy policy and records of processing list them. */
public interface DataRecipients {

    /**
     * @param purpose         why they receive it
     * @param location        where they process it
     * @param zeroRetention   whether their terms keep nothing of it
     * @param mayTrain        whether their terms allow training on it
     */
    record Recipient(String name, String purpose, String location, boolean zeroRetention, boolean mayTrain) {
    }

    List<Recipient> recipients();
}
