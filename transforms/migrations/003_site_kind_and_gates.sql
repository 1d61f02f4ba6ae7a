-- The register's site kind and gate ids, so that SQL can group by kind and check gates.
ALTER TABLE sites
    ADD COLUMN IF NOT EXISTS kind LowCardinality(String) DEFAULT '' AFTER name_en,
    ADD COLUMN IF NOT EXISTS gates Array(String) AFTER kind;
