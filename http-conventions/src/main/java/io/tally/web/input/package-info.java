/**
 * Limits on what a request may carry: body size and JSON depth, names without control characters.
 */
package io.tally.web.input;
