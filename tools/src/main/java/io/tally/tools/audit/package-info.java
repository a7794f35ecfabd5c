/**
 * ./tally audit export and verify: the offline verifier of exports, written from the documented
 * formats alone.
 */
package io.tally.tools.audit;
