-- The fulfillment saga moved from io.tally.command.order to io.tally.command.fulfillment (its
-- simple name, which deadlines and the processor name carry, is unchanged). Sagas stored by the
-- previous release are found under their new type name; their JSON names no class.
UPDATE saga_entry
   SET saga_type = 'io.tally.command.fulfillment.OrderFulfillmentSaga'
 WHERE saga_type = 'io.tally.command.order.OrderFulfillmentSaga';
UPDATE association_value_entry
   SET saga_type = 'io.tally.command.fulfillment.OrderFulfillmentSaga'
 WHERE saga_type = 'io.tally.command.order.OrderFulfillmentSaga';
