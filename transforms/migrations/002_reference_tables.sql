-- Reference data, replaced whole by `tourism migrate` from the project's data files.
CREATE TABLE IF NOT EXISTS towns
(
    town_id  LowCardinality(String),
    name_zh  String,
    name_en  String,
    district String
)
ENGINE = MergeTree ORDER BY town_id;

CREATE TABLE IF NOT EXISTS operators
(
    operator_id LowCardinality(String),
    name_zh     String,
    name_en     String,
    kind        LowCardinality(String)
)
ENGINE = MergeTree ORDER BY operator_id;

CREATE TABLE IF NOT EXISTS sites
(
    site_id     LowCardinality(String),
    town_id     LowCardinality(String),
    operator_id LowCardinality(String),
    name_zh     String,
    name_en     String
)
ENGINE = MergeTree ORDER BY site_id;

-- One row per local date 2018–2026: holiday / makeup_workday / weekend / workday.
CREATE TABLE IF NOT EXISTS calendar_days
(
    date          Date,
    day_kind      LowCardinality(String),
    holiday_keys  Array(LowCardinality(String)),
    holiday_name  String
)
ENGINE = MergeTree ORDER BY date;

CREATE TABLE IF NOT EXISTS holiday_periods
(
    holiday_key LowCardinality(String),
    year        UInt16,
    name_zh     String,
    start_date  Date,
    end_date    Date,
    days        UInt16
)
ENGINE = MergeTree ORDER BY (holiday_key, year);

CREATE TABLE IF NOT EXISTS festivals
(
    festival_id LowCardinality(String),
    year        UInt16,
    name_zh     String,
    name_en     String,
    start_date  Date,
    end_date    Date,
    site_ids    Array(LowCardinality(String))
)
ENGINE = MergeTree ORDER BY (festival_id, year);
