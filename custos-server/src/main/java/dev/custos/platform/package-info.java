/**
 * What every module stands on: the database (embedded or external, two roles), the tenant context bound to
 * each transaction, typed identifiers, and RFC 9457 problem responses. Depends on no other module.
 */
@NullMarked
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package dev.custos.platform;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
