package dev.custos.keys;

import com.google.crypto.tink.Aead;

/**
 * The master key's one job: wrapping and unwrapping data keys (and installation secrets), as a Tink {@link Aead}.
 * Custos's own implementation reads a keyset from configuration or a file. To keep the master key in a KMS or
 * HSM instead, declare a bean of this type that returns the KMS's remote {@code Aead} (Tink's
 * {@code KmsClient.getAead(keyUri)} for AWS KMS, Google Cloud KMS or HashiCorp Vault): the key then never leaves
 * it, and Custos steps its own aside.
 */
public interface KeyWrapping {

    Aead aead();
}
