-- The tables a load fills in bulk (records and the people, events and relationships they hold) lose their foreign
-- keys and two indexes no query uses yet. In PostgreSQL a foreign key is a trigger that runs for every row a COPY
-- inserts: measured on the 250,000-person city it nearly doubled the time the server spent inserting events.
-- Integrity does not rest on them: the loader writes a record and what it holds in one transaction, retires them
-- together, and never deletes a record (see docs/adr/0007-storage-model.md). An index belongs to the feature whose
-- query needs it, which adds it with a measurement.
ALTER TABLE records DROP CONSTRAINT IF EXISTS records_load_id_fkey;
ALTER TABLE records DROP CONSTRAINT IF EXISTS records_retired_load_id_fkey;
ALTER TABLE person_records DROP CONSTRAINT IF EXISTS person_records_record_id_fkey;
ALTER TABLE events DROP CONSTRAINT IF EXISTS events_record_id_fkey;
ALTER TABLE relationships DROP CONSTRAINT IF EXISTS relationships_record_id_fkey;
DROP INDEX IF EXISTS records_by_load;
DROP INDEX IF EXISTS events_by_type_and_date;
