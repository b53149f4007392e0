-- run_results is written once per run (a COPY of every row, a sweep writes one run per variant)
-- and read by run, entity type and metric: the dashboards' series, compareRuns, the sweep summary
-- and the BI views name all three; the queries that filter on metric alone (KPI rows, row pages)
-- name every entity type. With the primary key in that order, the index on
-- (run_id, metric, entity_type) serves nothing the key does not, and every row written paid for
-- it (about a fifth of the database CPU of a three-labs variant's 3,444-row results transaction).
-- The key keeps its columns (one row per run, series and period); (run_id, seq) stays for the
-- engine-order row pages. Rebuilding the key locks run_results while it runs.
ALTER TABLE "run_results" DROP CONSTRAINT "run_results_pkey";
ALTER TABLE "run_results" ADD CONSTRAINT "run_results_pkey" PRIMARY KEY ("run_id", "entity_type", "metric", "entity", "period");
DROP INDEX "run_results_run_id_metric_idx";
