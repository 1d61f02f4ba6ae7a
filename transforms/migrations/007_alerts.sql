-- Capacity alerts: one row per change of level of a site's occupancy (instant) or entries (daily).
-- The row is also the webhook outbox: delivery columns change in place (ALTER … UPDATE touches only
-- the columns it names, so an acknowledgement and a delivery never overwrite each other).
-- alert_id is a digest of (site, measure, day, level, crossing number): every evaluator that sees
-- the same crossing derives the same id. Inserts skip a stored id; two workers on a ClickHouse server
-- racing on one crossing leave two identical rows that ReplacingMergeTree folds into one, and
-- readers use FINAL.
CREATE TABLE IF NOT EXISTS alerts
(
    alert_id         String,
    occurred_at      DateTime64(3, 'UTC'),
    local_date       Date,
    site_id          LowCardinality(String),
    measure          LowCardinality(String),
    level            LowCardinality(String),
    previous_level   LowCardinality(String),
    crossing         UInt32,
    figure           UInt32,
    capacity         UInt32,
    late             Bool,
    raised_at        DateTime64(3, 'UTC'),
    delivery_state   LowCardinality(String) DEFAULT 'pending',
    delivered_to     Array(String),
    attempts         UInt32 DEFAULT 0,
    next_attempt_at  DateTime64(3, 'UTC'),
    last_error       String DEFAULT '',
    acknowledged_by  String DEFAULT '',
    acknowledged_at  Nullable(DateTime64(3, 'UTC'))
)
ENGINE = ReplacingMergeTree
ORDER BY alert_id;
