-- Nothing to change for SQLite: a load holds the only write lock, so it takes ids from MAX(id) + 1 safely.
SELECT 1;
