/**
 * Governance: the published privacy policy and its versions, sub-processors, the breach register, processor mode
 * with its data processing agreement, and the closure of a workspace.
 */
@NullMarked
package dev.custos.privacy.governance;

import org.jspecify.annotations.NullMarked;
