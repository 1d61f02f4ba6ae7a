-- Most reports need tickets per day and site only, not per channel and ticket type: a narrower
-- projection holds a fraction of daily_tickets' rows, and ClickHouse picks the smallest projection
-- that answers a query by itself. Existing parts get it by materialising it.
ALTER TABLE ticket_events ADD PROJECTION IF NOT EXISTS daily_site_tickets
(
    SELECT local_date, site_id, operator_id,
           sum(tickets_sold), sum(tickets_refunded), sum(tickets_redeemed), sum(revenue_fen), count()
    GROUP BY local_date, site_id, operator_id
);

ALTER TABLE ticket_events MATERIALIZE PROJECTION daily_site_tickets;
