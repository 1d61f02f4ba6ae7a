-- Raw events, one row per distinct event_id (the ingest writer drops ids already stored).
-- Daily aggregates are projections: ClickHouse writes them inside the same data part as the raw
-- rows, so an insert lands rows and aggregates together or not at all, whatever crashes; a
-- materialised view would be a second table with its own commit. Reports read the projections.
CREATE TABLE IF NOT EXISTS ticket_events
(
    event_id        String,
    action          LowCardinality(String),
    site_id         LowCardinality(String),
    operator_id     LowCardinality(String),
    order_id        String,
    ticket_type     LowCardinality(String),
    channel         LowCardinality(String),
    quantity        UInt32,
    amount_fen      Int64,
    occurred_at     DateTime64(3, 'UTC'),
    local_date      Date,
    source_kind     LowCardinality(String),
    source_name     String,
    source_partition Int32,
    source_position Int64,
    ingested_at     DateTime64(3, 'UTC') DEFAULT now64(3),
    tickets_sold     UInt32 MATERIALIZED if(action = 'sale', quantity, 0),
    tickets_refunded UInt32 MATERIALIZED if(action = 'refund', quantity, 0),
    tickets_redeemed UInt32 MATERIALIZED if(action = 'redeem', quantity, 0),
    revenue_fen      Int64 MATERIALIZED multiIf(action = 'sale', amount_fen, action = 'refund', -amount_fen, 0),
    PROJECTION daily_tickets
    (
        SELECT local_date, site_id, operator_id, channel, ticket_type,
               sum(tickets_sold), sum(tickets_refunded), sum(tickets_redeemed), sum(revenue_fen), count()
        GROUP BY local_date, site_id, operator_id, channel, ticket_type
    )
)
ENGINE = MergeTree
PARTITION BY toYear(local_date)
ORDER BY event_id;

CREATE TABLE IF NOT EXISTS footfall_events
(
    event_id        String,
    site_id         LowCardinality(String),
    operator_id     LowCardinality(String),
    gate_id         String,
    direction       LowCardinality(String),
    count           UInt32,
    occurred_at     DateTime64(3, 'UTC'),
    local_date      Date,
    source_kind     LowCardinality(String),
    source_name     String,
    source_partition Int32,
    source_position Int64,
    ingested_at     DateTime64(3, 'UTC') DEFAULT now64(3),
    visitors_in     UInt32 MATERIALIZED if(direction = 'in', count, 0),
    visitors_out    UInt32 MATERIALIZED if(direction = 'out', count, 0),
    PROJECTION daily_footfall
    (
        SELECT local_date, site_id, operator_id, sum(visitors_in), sum(visitors_out), count()
        GROUP BY local_date, site_id, operator_id
    )
)
ENGINE = MergeTree
PARTITION BY toYear(local_date)
ORDER BY event_id;
