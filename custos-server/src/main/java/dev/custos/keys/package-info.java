/**
 * Keys: the master key from configuration and the data keys it wraps, through which other modules seal content
 * with AES-256-GCM ({@link dev.custos.keys.ContentSeal}). Depends only on the platform.
 */
@NullMarked
@ApplicationModule(allowedDependencies = "platform")
package dev.custos.keys;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
