/**
 * Erasure by crypto-shredding: a person's erasure request and the job that carries it out step by step (keys
 * destroyed, workspaces owned alone deleted, rows purged by their owners as the data map says), and the deletion of
 * a whole workspace.
 */
@NullMarked
package dev.custos.privacy.erasure;

import org.jspecify.annotations.NullMarked;
