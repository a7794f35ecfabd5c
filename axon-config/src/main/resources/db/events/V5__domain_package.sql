-- The aggregates moved from io.tally.command.* to io.tally.domain.*. A snapshot names its
-- aggregate's class as payload type; rename those of the previous release so they keep being used
-- (the events themselves name shared-api classes and the aggregates' simple names, which stay).
UPDATE snapshot_event_entry SET payload_type = 'io.tally.domain.inventory.InventoryItem'
 WHERE payload_type = 'io.tally.command.inventory.InventoryItem';
UPDATE snapshot_event_entry SET payload_type = 'io.tally.domain.order.Order'
 WHERE payload_type = 'io.tally.command.order.Order';
UPDATE snapshot_event_entry SET payload_type = 'io.tally.domain.payment.Payment'
 WHERE payload_type = 'io.tally.command.payment.Payment';
