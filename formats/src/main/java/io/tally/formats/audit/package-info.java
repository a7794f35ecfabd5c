/**
 * The audit trail's formats an auditor recomputes without Tally's services: the RFC 6962 Merkle
 * tree over (global index, event hash) leaves that {@code tally-seal-v2} seals and export trailers
 * sign, and the pairwise root of the first seals ({@code tally-seal-v1}), kept to verify them.
 * Plain Java; docs/audit.md is the format's text, the test vectors its examples.
 */
package io.tally.formats.audit;
