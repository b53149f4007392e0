-- Scenarios with immutable versions, runs pointing at an exact version, and their result rows.

-- CreateEnum
CREATE TYPE "run_status" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateTable
CREATE TABLE "scenarios" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "tags" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "is_preset" BOOLEAN NOT NULL DEFAULT false,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "latest_version" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scenarios_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scenario_versions" (
    "id" UUID NOT NULL,
    "scenario_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "document" JSONB NOT NULL,
    "content_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scenario_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "runs" (
    "id" UUID NOT NULL,
    "scenario_id" UUID NOT NULL,
    "scenario_version_id" UUID NOT NULL,
    "status" "run_status" NOT NULL DEFAULT 'QUEUED',
    "paths" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "periods" INTEGER NOT NULL,
    "chunk_size" INTEGER NOT NULL,
    "chunks_total" INTEGER NOT NULL,
    "chunks_done" INTEGER NOT NULL DEFAULT 0,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "label" TEXT,
    "idempotency_key" TEXT,
    "overrides" JSONB,
    "engine_version" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "error" TEXT,
    "kpis" JSONB,
    "schedule_id" TEXT,
    "sweep_id" UUID,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run_results" (
    "run_id" UUID NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "period" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "mean" DOUBLE PRECISION NOT NULL,
    "p05" DOUBLE PRECISION NOT NULL,
    "p25" DOUBLE PRECISION NOT NULL,
    "p50" DOUBLE PRECISION NOT NULL,
    "p75" DOUBLE PRECISION NOT NULL,
    "p95" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "run_results_pkey" PRIMARY KEY ("run_id","entity_type","entity","metric","period")
);

-- CreateIndex
CREATE UNIQUE INDEX "scenarios_name_key" ON "scenarios"("name");
CREATE INDEX "scenarios_archived_name_idx" ON "scenarios"("archived", "name");
CREATE UNIQUE INDEX "scenario_versions_scenario_id_version_key" ON "scenario_versions"("scenario_id", "version");
CREATE UNIQUE INDEX "runs_idempotency_key_key" ON "runs"("idempotency_key");
CREATE INDEX "runs_scenario_id_queued_at_idx" ON "runs"("scenario_id", "queued_at");
CREATE INDEX "runs_status_idx" ON "runs"("status");
CREATE INDEX "runs_sweep_id_idx" ON "runs"("sweep_id");
CREATE INDEX "run_results_run_id_metric_idx" ON "run_results"("run_id", "metric", "entity_type");

-- AddForeignKey
ALTER TABLE "scenario_versions" ADD CONSTRAINT "scenario_versions_scenario_id_fkey" FOREIGN KEY ("scenario_id") REFERENCES "scenarios"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "runs" ADD CONSTRAINT "runs_scenario_id_fkey" FOREIGN KEY ("scenario_id") REFERENCES "scenarios"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "runs" ADD CONSTRAINT "runs_scenario_version_id_fkey" FOREIGN KEY ("scenario_version_id") REFERENCES "scenario_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "run_results" ADD CONSTRAINT "run_results_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
