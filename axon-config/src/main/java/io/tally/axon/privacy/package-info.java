/**
 * Crypto-shredding: each customer's data key, sealing and opening personal data, destroying the
 * key on erasure.
 */
package io.tally.axon.privacy;
