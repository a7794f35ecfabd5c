/**
 * What every projection uses: processor names, writes that are idempotent and batched in replays,
 * the read models' descriptions, processors' configuration and segments.
 */
package io.tally.query.projection;
