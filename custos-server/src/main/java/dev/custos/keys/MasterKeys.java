package dev.custos.keys;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The key that wraps every other, resolved once for the module: a declared KMS adapter ({@link KeyWrapping}), or
 * else Custos's own master key from configuration or its file.
 */
@Component
class MasterKeys {

    private final KeyWrapping key;

    MasterKeys(ObjectProvider<KeyWrapping> kms, KeysProperties properties) {
        this.key = kms.getIfAvailable(() -> MasterKey.load(properties));
    }

    KeyWrapping key() {
        return key;
    }
}
