-- daily_tickets (day × site × operator × channel × ticket type) held some 2.8M rows for 4.5M raw
-- ones, nearly one per event, and every insert paid for building it; no report, export or live
-- figure reads channel or ticket type. The rarer question of a channel or ticket-type mix reads
-- the raw rows. daily_site_tickets answers every report.
ALTER TABLE ticket_events DROP PROJECTION IF EXISTS daily_tickets SETTINGS mutations_sync = 2;
