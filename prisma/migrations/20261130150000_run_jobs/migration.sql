-- Runs as BullMQ flows: a generation per (re)try, chunk results persisted per chunk until the
-- merge, optional per-path values (keepPaths), and cron schedules that start runs.

-- AlterTable
ALTER TABLE "runs" ADD COLUMN "generation" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "keep_paths" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "run_chunks" (
    "run_id" UUID NOT NULL,
    "chunk_index" INTEGER NOT NULL,
    "generation" INTEGER NOT NULL,
    "first_path" INTEGER NOT NULL,
    "end_path" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_chunks_pkey" PRIMARY KEY ("run_id","chunk_index")
);

-- CreateTable
CREATE TABLE "run_path_values" (
    "run_id" UUID NOT NULL,
    "path" INTEGER NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "period" INTEGER NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "run_path_values_pkey" PRIMARY KEY ("run_id","entity_type","entity","metric","period","path")
);

-- CreateTable
CREATE TABLE "schedules" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "scenario_id" UUID NOT NULL,
    "cron" TEXT,
    "every_ms" INTEGER,
    "timezone" TEXT,
    "paths" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "periods" INTEGER,
    "chunk_size" INTEGER,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "keep_paths" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schedules_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "schedules_name_key" ON "schedules"("name");
CREATE INDEX "schedules_scenario_id_idx" ON "schedules"("scenario_id");
CREATE INDEX "runs_schedule_id_idx" ON "runs"("schedule_id");

-- AddForeignKey
ALTER TABLE "run_chunks" ADD CONSTRAINT "run_chunks_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "run_path_values" ADD CONSTRAINT "run_path_values_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_scenario_id_fkey" FOREIGN KEY ("scenario_id") REFERENCES "scenarios"("id") ON DELETE CASCADE ON UPDATE CASCADE;
