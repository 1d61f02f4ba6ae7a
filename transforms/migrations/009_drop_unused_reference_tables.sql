-- The reference tables of 002/003 copied the register, calendar and festivals into the warehouse,
-- but every query resolves scopes and periods from the data files in code: nothing read them, and
-- copies that nothing reads drift. Reports pass site ids and dates as parameters instead.
DROP TABLE IF EXISTS towns;
DROP TABLE IF EXISTS operators;
DROP TABLE IF EXISTS sites;
DROP TABLE IF EXISTS calendar_days;
DROP TABLE IF EXISTS holiday_periods;
DROP TABLE IF EXISTS festivals;
