-- Record ids are handed out in blocks of 1,000: one nextval returns the last id of a fresh block, atomically, so loads
-- of different feeds can run side by side. (The previous setval(nextval + n) could hand two concurrent loads
-- overlapping blocks.) The next nextval returns top + 1000, so the first block starts just above every id in use.
DO $$
DECLARE
    top BIGINT := GREATEST(
        COALESCE((SELECT MAX(id) FROM records), 0),
        (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM records_id_seq));
BEGIN
    ALTER SEQUENCE records_id_seq INCREMENT BY 1000;
    PERFORM setval('records_id_seq', top + 1000, false);
END
$$;
