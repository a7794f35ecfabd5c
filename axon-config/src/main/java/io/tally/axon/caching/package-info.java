/**
 * Bounded memories of what is busy now, dropped least recently used first.
 */
package io.tally.axon.caching;
