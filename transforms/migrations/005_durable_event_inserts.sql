-- The ingest worker commits Kafka offsets once a write returns, so a written part must survive a
-- power loss, not only a crash: fsync its files and its directory before the insert returns.
ALTER TABLE ticket_events MODIFY SETTING fsync_after_insert = 1, fsync_part_directory = 1;

ALTER TABLE footfall_events MODIFY SETTING fsync_after_insert = 1, fsync_part_directory = 1;
