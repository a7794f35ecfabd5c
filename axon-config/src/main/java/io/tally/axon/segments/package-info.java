/**
 * Departure {@code segment-balancer} (docs/axon-departures.md): {@link io.tally.axon.segments.SegmentBalancer}
 * splits each processor's segments between the live instances of a service (heartbeats in
 * {@code service_instance}), and {@link io.tally.axon.segments.SegmentClaims} counts the claims it
 * releases and takes.
 */
package io.tally.axon.segments;
