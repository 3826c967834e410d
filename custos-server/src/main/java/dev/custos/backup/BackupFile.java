package dev.custos.backup;

import java.time.Instant;

/** A backup file as listed: what it holds, its name in the backup directory, when it was taken, its size. */
public record BackupFile(Kind kind, String name, Instant takenAt, long bytes) {

    /** What a backup holds. */
    public enum Kind {
        DATABASE("database"), KEY_STORE("keys");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }
}
