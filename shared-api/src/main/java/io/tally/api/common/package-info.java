/**
 * Values every context shares, above all {@code Money}: minor units, one currency, exact
 * arithmetic. Plain Java.
 */
package io.tally.api.common;
