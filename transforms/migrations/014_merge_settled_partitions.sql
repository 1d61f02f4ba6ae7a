-- A report reads every part of the years it covers, and each part costs the planner and the read a
-- share of their time; background merges alone leave two or three parts a year. Once every part of
-- a year's partition is an hour old (a past year; this year's overnight, when no site counts), the
-- partition is merged into one part. A merged part holds its rows with their projections' daily
-- figures, as each part before it did, so nothing is counted twice or lost.
ALTER TABLE ticket_events MODIFY SETTING min_age_to_force_merge_seconds = 3600, min_age_to_force_merge_on_partition_only = 1;

ALTER TABLE footfall_events MODIFY SETTING min_age_to_force_merge_seconds = 3600, min_age_to_force_merge_on_partition_only = 1;
