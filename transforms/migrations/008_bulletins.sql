-- Holiday bulletins as they were sent: the text and the figures it was written from, kept so that
-- what was sent can be shown again after late events change the numbers. Rows are never updated.
CREATE TABLE IF NOT EXISTS bulletins
(
    id           String,
    holiday      LowCardinality(String),
    year         UInt16,
    date         Date,
    as_of        String,
    scope        String,
    lang         LowCardinality(String),
    text         String,
    figures      String,
    generated_at DateTime64(3, 'UTC'),
    generated_by String
)
ENGINE = MergeTree ORDER BY (holiday, year, date, generated_at, id);
