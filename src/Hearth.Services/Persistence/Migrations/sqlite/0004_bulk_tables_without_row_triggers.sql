-- As for PostgreSQL, the two indexes no query uses yet go. SQLite keeps its foreign keys: it checks them by rowid,
-- which costs little, and dropping one means rebuilding the table (see docs/adr/0007-storage-model.md).
DROP INDEX IF EXISTS records_by_load;
DROP INDEX IF EXISTS events_by_type_and_date;
