-- Reports ask for tickets by day × site × operator, and for the operators whose revenue a figure
-- holds. daily_site_tickets becomes that question's aggregate: the same keys and sums, plus the
-- operators with sales or refunds, so a report sums per day (or per site) without first grouping
-- every day's rows by operator, and reads one row per day where it read one per day and operator.
-- Dropped and added again under its name because a projection cannot be altered. The drop waits
-- until no part keeps the old definition's data; until the MATERIALIZE has run on a part, queries
-- read that part's raw rows, with the same answer.
-- daily_tickets (× channel × ticket type) stays for channel and ticket-type mixes, which no report
-- reads: ClickHouse picks the smallest projection that answers a query, so reports never use it.
ALTER TABLE ticket_events DROP PROJECTION IF EXISTS daily_site_tickets SETTINGS mutations_sync = 2;

ALTER TABLE ticket_events ADD PROJECTION IF NOT EXISTS daily_site_tickets
(
    SELECT local_date, site_id, operator_id,
           sum(tickets_sold), sum(tickets_refunded), sum(tickets_redeemed), sum(revenue_fen), count(),
           groupUniqArrayIf(toString(operator_id), tickets_sold + tickets_refunded > 0)
    GROUP BY local_date, site_id, operator_id
);

ALTER TABLE ticket_events MATERIALIZE PROJECTION daily_site_tickets;
