-- Sweeps (issue 7, MODEL.md section 8): a grid or a tornado over a scenario, each variant a normal
-- run (runs.sweep_id, runs.overrides), and a reporting view of the variants' KPIs for BI tools.

-- CreateEnum
CREATE TYPE "sweep_kind" AS ENUM ('GRID', 'TORNADO');

-- CreateTable
CREATE TABLE "sweeps" (
    "id" UUID NOT NULL,
    "scenario_id" UUID NOT NULL,
    "scenario_version_id" UUID NOT NULL,
    "kind" "sweep_kind" NOT NULL,
    "spec" JSONB NOT NULL,
    "status" "run_status" NOT NULL DEFAULT 'QUEUED',
    "paths" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "periods" INTEGER NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "label" TEXT,
    "variants_total" INTEGER NOT NULL,
    "error" TEXT,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "sweeps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sweep_variants" (
    "sweep_id" UUID NOT NULL,
    "variant_index" INTEGER NOT NULL,
    "run_id" UUID NOT NULL,
    "role" TEXT NOT NULL,
    "parameter" TEXT,
    "overrides" JSONB NOT NULL,
    "kpis" JSONB,

    CONSTRAINT "sweep_variants_pkey" PRIMARY KEY ("sweep_id","variant_index")
);

-- CreateIndex
CREATE INDEX "sweeps_scenario_id_queued_at_idx" ON "sweeps"("scenario_id", "queued_at");
CREATE INDEX "sweeps_status_idx" ON "sweeps"("status");
CREATE UNIQUE INDEX "sweep_variants_run_id_key" ON "sweep_variants"("run_id");

-- AddForeignKey
ALTER TABLE "sweeps" ADD CONSTRAINT "sweeps_scenario_id_fkey" FOREIGN KEY ("scenario_id") REFERENCES "scenarios"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "sweeps" ADD CONSTRAINT "sweeps_scenario_version_id_fkey" FOREIGN KEY ("scenario_version_id") REFERENCES "scenario_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "sweep_variants" ADD CONSTRAINT "sweep_variants_sweep_id_fkey" FOREIGN KEY ("sweep_id") REFERENCES "sweeps"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sweep_variants" ADD CONSTRAINT "sweep_variants_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The reporting schema and the BI role come from the reporting migration; be safe if run alone.
CREATE SCHEMA IF NOT EXISTS "reporting";

-- One row per (variant, KPI): long format, so a BI tool can pivot any KPI against the overrides.
-- `override_values` is the variant's `[{path, value}]` as JSON text; for a grid, one column per
-- parameter would need dynamic SQL, so `parameter`/`value` name the tornado's parameter instead.
CREATE VIEW "reporting"."sweep_kpis" AS
SELECT
    w."id"                              AS "sweep_id",
    COALESCE(w."label", '')             AS "sweep_label",
    w."kind"::text                      AS "sweep_kind",
    w."status"::text                    AS "sweep_status",
    s."name"                            AS "scenario_name",
    sv."version"                        AS "scenario_version",
    w."paths"                           AS "paths",
    w."seed"                            AS "seed",
    v."variant_index"                   AS "variant_index",
    v."role"                            AS "variant_role",
    v."parameter"                       AS "parameter",
    v."overrides"::text                 AS "override_values",
    v."run_id"                          AS "run_id",
    r."status"::text                    AS "run_status",
    k."key"                             AS "kpi",
    CASE WHEN jsonb_typeof(k."value") = 'number' THEN (k."value")::text::double precision END AS "value"
FROM "sweeps" w
JOIN "scenarios" s ON s."id" = w."scenario_id"
JOIN "scenario_versions" sv ON sv."id" = w."scenario_version_id"
JOIN "sweep_variants" v ON v."sweep_id" = w."id"
JOIN "runs" r ON r."id" = v."run_id"
CROSS JOIN LATERAL jsonb_each(COALESCE(v."kpis", '{}'::jsonb)) k;

COMMENT ON VIEW "reporting"."sweep_kpis" IS 'One row per sweep variant and KPI (docs/sweeps.md).';

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'frontier_bi') THEN
        GRANT USAGE ON SCHEMA "reporting" TO "frontier_bi";
        GRANT SELECT ON "reporting"."sweep_kpis" TO "frontier_bi";
    END IF;
END
$$;
