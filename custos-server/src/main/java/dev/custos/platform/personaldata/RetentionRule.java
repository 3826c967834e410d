package dev.custos.platform.personaldata;

/**
 * The kinds of rows retention expires, as the privacy policy promises them. The privacy engine decides each
 * one's cutoff; the module owning the rows defines which rows it covers ({@link Expiry}).
 */
public enum RetentionRule {
    /** Idle agent sessions, after 90 days or the workspace's own period (RT-04, AI-07). */
    RUN_LOGS,
    /** Usage records, by the whole day after 90 days (RT-03). */
    USAGE,
    /** Billing transactions, after seven years (RT-02). */
    TRANSACTIONS,
    /** End users' requests never confirmed, after a day. */
    UNCONFIRMED_REQUESTS,
    /** End users' answered requests, kept three years as proof of the answer. */
    ANSWERED_REQUESTS,
    /** Notices to people, after a year. */
    NOTICES,
    /** Product analytics events, after a year. */
    PRODUCT_EVENTS,
    /** Page-visit counts, after 90 days. */
    PAGE_VISITS,
    /** The terminal client's telemetry counts, after a year. */
    CLIENT_TELEMETRY,
    /** Records of data exports, after 90 days. */
    EXPORT_RECORDS,
    /** The links product news carried to unsubscribe, used or not, after a year (the consent record stays). */
    UNSUBSCRIBE_LINKS
}
