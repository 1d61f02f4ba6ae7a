-- A digest of each event's content (its contract fields, not where or when it arrived), so that an
-- event_id re-used for different content is told apart from a re-delivery of the same event.
-- Rows stored before this column keep '' ("unknown"), which the writer takes for a duplicate:
-- recomputing it here would have to match the writer's normalisation byte for byte, and any
-- drift would turn every replay of old data into false conflicts.
ALTER TABLE ticket_events ADD COLUMN IF NOT EXISTS content_digest String DEFAULT '' AFTER event_id;
ALTER TABLE footfall_events ADD COLUMN IF NOT EXISTS content_digest String DEFAULT '' AFTER event_id;
