/**
 * Conformance: the catalogue of promises Custos keeps (product data, {@code privacy/promises.yaml}), and for each
 * the tests that prove it with their result on the build this installation runs, and the last result of the
 * change that breaks it ({@code proof/check}). Published at {@code /conformance} and as
 * {@code docs/conformance.md}. Depends on nothing but the platform: it reads files the build leaves.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform"})
package dev.custos.conformance;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
