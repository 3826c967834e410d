package dev.custos.backup;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where backups go, when they are made and how long they are kept.
 *
 * @param directory    where backup files are written (made owner-only); keep it on another disk or mount, and
 *                     never beside the master key
 * @param schedule     when the database is backed up (a cron expression in UTC; "-" for never); a key store backup
 *                     follows each one
 * @param keysSchedule when the key store is backed up besides
 * @param keep         how long a database backup is kept: at most 90 days (RT-05)
 * @param keysKeep     how long a key store backup is kept: at most as long as {@code keep}. An erased person's
 *                     content in any backup opens with no key anywhere once this much time has passed
 */
@ConfigurationProperties("custos.backup")
public record BackupProperties(
        @DefaultValue("./backups") Path directory,
        @DefaultValue("0 0 3 * * *") String schedule,
        @DefaultValue("0 30 */6 * * *") String keysSchedule,
        @DefaultValue("30d") Duration keep,
        @DefaultValue("7d") Duration keysKeep) {

    /** The longest any backup may be kept: the promise's bound. */
    public static final Duration AT_MOST = Duration.ofDays(90);

    public BackupProperties {
        if (keep.isNegative() || keep.isZero() || keep.compareTo(AT_MOST) > 0) {
            throw new IllegalStateException("custos.backup.keep must be more than nothing and at most 90 days.");
        }
        if (keysKeep.isNegative() || keysKeep.isZero() || keysKeep.compareTo(keep) > 0) {
            throw new IllegalStateException("custos.backup.keys-keep must be more than nothing and at most "
                    + "custos.backup.keep.");
        }
    }
}
