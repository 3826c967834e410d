/**
 * Data-subject requests with their legal deadlines (per jurisdiction, with one extension), reminders before a
 * deadline passes, and end users' requests about workspaces: the public form, its confirmation by email, and the
 * answers of the workspace's owners or the installation's administrators.
 */
@NullMarked
package dev.custos.privacy.requests;

import org.jspecify.annotations.NullMarked;
