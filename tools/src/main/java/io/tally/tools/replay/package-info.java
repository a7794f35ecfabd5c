/**
 * ./tally replay: starts a projection replay and follows it to the swap.
 */
package io.tally.tools.replay;
