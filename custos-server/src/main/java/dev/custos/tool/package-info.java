/**
 * Tools agents may call: a narrow {@link dev.custos.tool.Tool} interface, each tool described by a JSON Schema,
 * and the built-in tools that work offline. Depends only on the platform.
 */
@NullMarked
@ApplicationModule(allowedDependencies = "platform")
package dev.custos.tool;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
