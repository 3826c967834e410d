package dev.custos.keys;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Encrypts backups: each file under a fresh AES-256-GCM streaming key (Tink's HKDF, 1 MB segments), which is
 * itself encrypted by the master key and written at the head of the file. So a backup carries its own key, but
 * only sealed; the master key that opens it is never beside it (configuration, a file under {@code ./data}, or a
 * KMS). The kind of backup is bound in as associated data: a key store backup cannot pass for a database one.
 */
@Component
public class BackupEncryption {

    private static final byte[] MAGIC = "CUSTOS-BACKUP-1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_WRAPPED_KEY = 4096;

    private final KeyWrapping master;

    @Autowired
    BackupEncryption(MasterKeys masterKeys) {
        this(masterKeys.key());
    }

    /** With this master key (tests, and a KMS adapter's). */
    BackupEncryption(KeyWrapping master) {
        this.master = master;
        try {
            StreamingAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink's streaming encryption is unavailable", e);
        }
    }

    /** A stream that encrypts what is written to it into {@code out}; closing it completes the file. */
    public OutputStream encrypting(OutputStream out, String kind) throws IOException {
        try {
            KeysetHandle key = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
            byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(key, master.aead(), ad(kind));
            var header = new DataOutputStream(out);
            header.write(MAGIC);
            header.writeInt(wrapped.length);
            header.write(wrapped);
            header.flush();
            return key.getPrimitive(RegistryConfiguration.get(), StreamingAead.class)
                    .newEncryptingStream(out, ad(kind));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A backup key could not be made", e);
        }
    }

    /**
     * A stream of what {@code in} holds, decrypted; reading fails if any byte was changed. Refused with a
     * {@link BackupUnreadable} when the file is not a backup of this kind or the master key is not the one it
     * was sealed with.
     */
    public InputStream decrypting(InputStream in, String kind) throws IOException {
        var header = new DataInputStream(in);
        byte[] magic = header.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new BackupUnreadable("This file is not a Custos backup.");
        }
        int length = header.readInt();
        if (length <= 0 || length > MAX_WRAPPED_KEY) {
            throw new BackupUnreadable("This backup's header is damaged.");
        }
        byte[] wrapped = header.readNBytes(length);
        KeysetHandle key;
        try {
            key = TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, master.aead(), ad(kind));
        } catch (GeneralSecurityException e) {
            throw new BackupUnreadable("This backup does not open: it is not a " + kind + " backup, or it was made "
                    + "under another master key.");
        }
        try {
            return key.getPrimitive(RegistryConfiguration.get(), StreamingAead.class)
                    .newDecryptingStream(in, ad(kind));
        } catch (GeneralSecurityException e) {
            throw new BackupUnreadable("This backup does not open.");
        }
    }

    private static byte[] ad(String kind) {
        return ("custos-backup|" + kind).getBytes(StandardCharsets.UTF_8);
    }

    /** A backup that cannot be opened: not one, damaged, of another kind, or under another master key. */
    public static class BackupUnreadable extends IOException {
        public BackupUnreadable(String message) {
            super(message);
        }
    }
}
