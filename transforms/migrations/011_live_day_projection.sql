-- Live figures read one local day and its comparison day of footfall_events (gate counts up to a
-- moment), but the table is ordered by event_id, so such a read scans whole years. A projection of
-- the columns they use, ordered by (local_date, site_id), is stored in the same data part as the
-- raw rows and lets the read skip to those days. Existing parts get it by materialising it.
ALTER TABLE footfall_events ADD PROJECTION IF NOT EXISTS live_by_day
(
    SELECT local_date, site_id, gate_id, occurred_at, visitors_in, visitors_out
    ORDER BY local_date, site_id
);

ALTER TABLE footfall_events MATERIALIZE PROJECTION live_by_day;
