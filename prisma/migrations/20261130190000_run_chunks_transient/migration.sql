-- run_chunks holds a run's chunk results only until its merge (docs/runs.md): intermediate data that
-- a chunk job can always compute again. Moving it is most of a multi-chunk run's overhead (an
-- exact-mode chunk of the preset is ~21 MB per 125 paths), so:
-- UNLOGGED: no WAL for those bytes (after a PostgreSQL crash the table is empty; the merge then
-- finds chunks missing, retries, and fails the run with that message; retryRun recomputes it).
-- STORAGE EXTERNAL: out of line but not compressed; pglz on chunk bytes cost more CPU than it saved.
ALTER TABLE "run_chunks" SET UNLOGGED;
ALTER TABLE "run_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL;
