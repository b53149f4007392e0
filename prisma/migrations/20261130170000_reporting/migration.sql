-- Results read side (issue 6): the engine's row order, the `reporting` schema for BI tools and the
-- read-only role that may read it. The role's password is not here (migrations hold no secrets):
-- `ensureBiReadonlyRole` (src/modules/reporting/bi-role.ts) gives it LOGIN and a password from
-- BI_READONLY_PASSWORD.

-- Row order. The engine emits rows by series key in order of first appearance, then by period; the
-- CLI's CSV has that order and the API's export must give the same bytes. COPY fills a default in
-- input order, so `seq` records it without any change to the writer's column list.
CREATE SEQUENCE "run_results_seq_seq" AS BIGINT;
ALTER TABLE "run_results" ADD COLUMN "seq" BIGINT NOT NULL DEFAULT nextval('run_results_seq_seq');
ALTER SEQUENCE "run_results_seq_seq" OWNED BY "run_results"."seq";
CREATE INDEX "run_results_run_id_seq_idx" ON "run_results"("run_id", "seq");

CREATE SCHEMA "reporting";
COMMENT ON SCHEMA "reporting" IS 'Read-only views of runs and their results for BI tools (docs/bi.md).';

-- One row per run with its scenario. Times are timestamptz; duration in seconds.
CREATE VIEW "reporting"."runs" AS
SELECT
    r."id"                       AS "run_id",
    r."scenario_id"              AS "scenario_id",
    s."name"                     AS "scenario_name",
    sv."version"                 AS "scenario_version",
    s."is_preset"                AS "scenario_is_preset",
    COALESCE(r."label", '')      AS "run_label",
    r."status"::text             AS "status",
    r."engine_version"           AS "engine_version",
    r."paths"                    AS "paths",
    r."seed"                     AS "seed",
    r."periods"                  AS "periods",
    r."queued_at"                AS "queued_at",
    r."started_at"               AS "started_at",
    r."finished_at"              AS "finished_at",
    EXTRACT(EPOCH FROM (r."finished_at" - r."started_at"))::double precision AS "duration_seconds",
    r."error"                    AS "error"
FROM "runs" r
JOIN "scenarios" s ON s."id" = r."scenario_id"
JOIN "scenario_versions" sv ON sv."id" = r."scenario_version_id";

-- The newest successful run of each scenario (by finish time; ties by id).
CREATE VIEW "reporting"."latest_runs" AS
SELECT DISTINCT ON ("scenario_id") *
FROM "reporting"."runs"
WHERE "status" = 'SUCCEEDED'
ORDER BY "scenario_id", "finished_at" DESC, "run_id";

-- The capability tiers of each run's document, by index (the model metric `tier` is this index;
-- segments are named by tier). A threshold given as a distribution shows as NULL.
CREATE VIEW "reporting"."tiers" AS
SELECT
    r."id"                     AS "run_id",
    s."name"                   AS "scenario_name",
    (t."ord" - 1)::integer     AS "tier_index",
    t."tier"->>'name'          AS "tier_name",
    CASE WHEN jsonb_typeof(t."tier"->'threshold') = 'number' THEN (t."tier"->>'threshold')::double precision END AS "threshold"
FROM "runs" r
JOIN "scenarios" s ON s."id" = r."scenario_id"
JOIN "scenario_versions" sv ON sv."id" = r."scenario_version_id"
CROSS JOIN LATERAL jsonb_array_elements(sv."document"->'tiers') WITH ORDINALITY AS t("tier", "ord");

-- Model metrics. lab_name comes from the run's document: a roadmap successor `<base>+<n>` belongs
-- to its base model's lab.
CREATE VIEW "reporting"."model_metrics" AS
SELECT
    r."id"                  AS "run_id",
    s."name"                AS "scenario_name",
    sv."version"            AS "scenario_version",
    COALESCE(r."label", '') AS "run_label",
    x."period"              AS "period",
    x."date"                AS "period_date",
    x."entity"              AS "model_name",
    ml."lab"                AS "lab_name",
    x."metric"              AS "metric",
    x."mean" AS "mean", x."p05" AS "p05", x."p25" AS "p25", x."p50" AS "p50", x."p75" AS "p75", x."p95" AS "p95"
FROM "run_results" x
JOIN "runs" r ON r."id" = x."run_id"
JOIN "scenarios" s ON s."id" = r."scenario_id"
JOIN "scenario_versions" sv ON sv."id" = r."scenario_version_id"
LEFT JOIN LATERAL (
    SELECT m->>'lab' AS "lab"
    FROM jsonb_array_elements(sv."document"->'models') m
    WHERE m->>'name' IN (x."entity", regexp_replace(x."entity", '(\+[0-9]+)+$', ''))
    ORDER BY (m->>'name' = x."entity") DESC
    LIMIT 1
) ml ON true
WHERE x."entity_type" = 'model';

CREATE VIEW "reporting"."lab_metrics" AS
SELECT
    r."id"                  AS "run_id",
    s."name"                AS "scenario_name",
    sv."version"            AS "scenario_version",
    COALESCE(r."label", '') AS "run_label",
    x."period"              AS "period",
    x."date"                AS "period_date",
    x."entity"              AS "lab_name",
    x."metric"              AS "metric",
    x."mean" AS "mean", x."p05" AS "p05", x."p25" AS "p25", x."p50" AS "p50", x."p75" AS "p75", x."p95" AS "p95"
FROM "run_results" x
JOIN "runs" r ON r."id" = x."run_id"
JOIN "scenarios" s ON s."id" = r."scenario_id"
JOIN "scenario_versions" sv ON sv."id" = r."scenario_version_id"
WHERE x."entity_type" = 'lab';

-- Segments are named by their capability tier.
CREATE VIEW "reporting"."segment_metrics" AS
SELECT
    r."id"                  AS "run_id",
    s."name"                AS "scenario_name",
    sv."version"            AS "scenario_version",
    COALESCE(r."label", '') AS "run_label",
    x."period"              AS "period",
    x."date"                AS "period_date",
    x."entity"              AS "segment_name",
    x."metric"              AS "metric",
    x."mean" AS "mean", x."p05" AS "p05", x."p25" AS "p25", x."p50" AS "p50", x."p75" AS "p75", x."p95" AS "p95"
FROM "run_results" x
JOIN "runs" r ON r."id" = x."run_id"
JOIN "scenarios" s ON s."id" = r."scenario_id"
JOIN "scenario_versions" sv ON sv."id" = r."scenario_version_id"
WHERE x."entity_type" = 'segment';

CREATE VIEW "reporting"."market_metrics" AS
SELECT
    r."id"                  AS "run_id",
    s."name"                AS "scenario_name",
    sv."version"            AS "scenario_version",
    COALESCE(r."label", '') AS "run_label",
    x."period"              AS "period",
    x."date"                AS "period_date",
    x."metric"              AS "metric",
    x."mean" AS "mean", x."p05" AS "p05", x."p25" AS "p25", x."p50" AS "p50", x."p75" AS "p75", x."p95" AS "p95"
FROM "run_results" x
JOIN "runs" r ON r."id" = x."run_id"
JOIN "scenarios" s ON s."id" = r."scenario_id"
JOIN "scenario_versions" sv ON sv."id" = r."scenario_version_id"
WHERE x."entity_type" = 'market';

-- The BI role: created without LOGIN (roles are per cluster, so only when missing). The views are
-- owned by the migrating user and run with its rights (no security_invoker), so SELECT on them is
-- all the role needs: it gets nothing on `public`.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'frontier_bi') THEN
        CREATE ROLE "frontier_bi" NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
    END IF;
END
$$;
ALTER ROLE "frontier_bi" SET default_transaction_read_only = on;
REVOKE ALL ON ALL TABLES IN SCHEMA "public" FROM "frontier_bi";
REVOKE CREATE ON SCHEMA "public" FROM "frontier_bi";
GRANT USAGE ON SCHEMA "reporting" TO "frontier_bi";
GRANT SELECT ON ALL TABLES IN SCHEMA "reporting" TO "frontier_bi";
ALTER DEFAULT PRIVILEGES IN SCHEMA "reporting" GRANT SELECT ON TABLES TO "frontier_bi";
