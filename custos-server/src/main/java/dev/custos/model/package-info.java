/**
 * Model providers: one narrow {@link dev.custos.model.ModelProvider} interface and adapters that speak the
 * providers' wire formats over {@code java.net.http}, streaming Server-Sent Events as they arrive.
 * Depends only on the platform.
 */
@NullMarked
@ApplicationModule(allowedDependencies = "platform")
package dev.custos.model;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
