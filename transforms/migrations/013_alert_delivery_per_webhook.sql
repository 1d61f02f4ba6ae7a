-- Each webhook keeps its own backlog of alerts: its attempts, its next attempt and its last error,
-- keyed by the webhook's address as delivered_to is, so a hanging or failing webhook backs off on
-- its own and never holds up the others. A webhook missing from a map has not been tried yet (its
-- next attempt reads as 1970, due at once). attempts, next_attempt_at and last_error stay as the
-- alert's summary over its webhooks.
ALTER TABLE alerts
    ADD COLUMN IF NOT EXISTS hook_attempts Map(String, UInt32),
    ADD COLUMN IF NOT EXISTS hook_next_attempt Map(String, DateTime64(3, 'UTC')),
    ADD COLUMN IF NOT EXISTS hook_errors Map(String, String);
