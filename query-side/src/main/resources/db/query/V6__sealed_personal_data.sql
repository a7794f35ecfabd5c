-- order_view keeps the customer's name and email sealed as the events have them (README "Personal
-- data"); the query side opens them when it answers, so erasing a customer's key erases them here
-- at once. Sealed values are longer than the plain limits.
ALTER TABLE order_view ALTER COLUMN customer_name TYPE TEXT;
ALTER TABLE order_view ALTER COLUMN customer_email TYPE TEXT;
