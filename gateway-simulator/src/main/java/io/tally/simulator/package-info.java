/** The card-processor simulator: its HTTP contract, test tokens, faults, idempotency and ledger. */
package io.tally.simulator;
