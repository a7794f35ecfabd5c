/** Axon's tracking tokens as stored in {@code token_entry}, read for where a processor is. */
package io.tally.formats.tokens;
