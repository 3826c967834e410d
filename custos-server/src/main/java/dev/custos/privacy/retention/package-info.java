/**
 * Retention, enforced by a scheduled job: the periods, a workspace's own run-log period, and legal holds, which
 * spare exactly the data they name.
 */
@NullMarked
package dev.custos.privacy.retention;

import org.jspecify.annotations.NullMarked;
