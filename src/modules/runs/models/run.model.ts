import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
export enum RunStatusEnum {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(RunStatusEnum, { name: 'RunStatus', description: 'QUEUED -> RUNNING -> SUCCEEDED | FAILED; CANCELLED from QUEUED or RUNNING.' });

@ObjectType({ description: 'Headline numbers of one lab over the run (from the means across paths).' })
export class LabKpis {
  @Field() lab!: string;
  @Field({ description: 'The lab\'s pricing strategy.' }) strategy!: string;
  @Field(() => Float, { description: 'USD, summed over periods.' }) cumulativeRevenue!: number;
  @Field(() => Float, { description: 'USD, summed over periods.' }) cumulativeOperatingProfit!: number;
  @Field(() => Float, { nullable: true, description: 'USD in the last period.' }) finalCash!: number | null;
  @Field(() => Float, { description: 'Share of served tokens in the last period, 0..1.' }) finalShare!: number;
  @Field(() => Float, { nullable: true, description: 'runwayPeriods in the last period (1000 = not burning cash).' }) finalRunwayPeriods!: number | null;
  @Field(() => Float, { nullable: true, description: 'Smallest runwayPeriods over the run.' }) minRunwayPeriods!: number | null;
}

@ObjectType({ description: 'How long a tier leader\'s premium over cost lasts.' })
export class TierPremiumKpis {
  @Field() tier!: string;
  @Field(() => Float, { nullable: true, description: 'Largest leader price / cost.' }) peakLeaderPremium!: number | null;
  @Field(() => Int, { description: 'Periods with the leader priced above cost.' }) periodsAboveCost!: number;
  @Field(() => Int, { nullable: true, description: 'Periods until the excess premium (premium - 1) halves; null if it never does.' })
  halfLifePeriods!: number | null;
}

@ObjectType()
export class GpuPricePeak {
  @Field(() => Float, { description: 'USD per GPU-hour.' }) value!: number;
  @Field(() => Int) period!: number;
  @Field({ description: 'First day of the period (ISO date).' }) date!: string;
}

@ObjectType({ description: 'A run\'s KPIs, computed when it succeeds.' })
export class RunKpisModel {
  @Field(() => Int) periods!: number;
  @Field(() => [LabKpis]) labs!: LabKpis[];
  @Field(() => GpuPricePeak, { nullable: true }) peakGpuRentalPrice!: GpuPricePeak | null;
  @Field(() => [TierPremiumKpis]) frontierPremium!: TierPremiumKpis[];
  @Field(() => Float, { description: 'USD, market spend summed over periods.' }) cumulativeSpend!: number;
}

@ObjectType('Run', { description: 'A Monte Carlo run of one exact scenario version.' })
export class RunModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) scenarioId!: string;
  @Field(() => ID) scenarioVersionId!: string;
  @Field(() => Int, { description: 'The version number of the scenario the run used.' }) scenarioVersion!: number;
  @Field({ description: 'sha256 of the canonical JSON of the document the run used.' }) contentHash!: string;
  @Field() engineVersion!: string;
  @Field(() => RunStatusEnum) status!: RunStatusEnum;
  @Field(() => Float, { description: '0..1: chunks done / chunks; 1 when SUCCEEDED.' }) progress!: number;
  @Field(() => Int) chunksDone!: number;
  @Field(() => Int) chunksTotal!: number;
  @Field(() => Int) paths!: number;
  @Field(() => Int) seed!: number;
  @Field(() => Int) periods!: number;
  @Field(() => Int) chunkSize!: number;
  @Field(() => Int, { description: '0..100, higher runs first.' }) priority!: number;
  @Field(() => String, { nullable: true }) label!: string | null;
  @Field(() => String, { nullable: true }) idempotencyKey!: string | null;
  @Field({ description: 'Per-path values stored too.' }) keepPaths!: boolean;
  @Field(() => String, { nullable: true, description: 'Why the run failed.' }) error!: string | null;
  @Field(() => ID, { nullable: true, description: 'The schedule that started it.' }) scheduleId!: string | null;
  @Field(() => Int, { description: 'Times retryRun has restarted it.' }) generation!: number;
  @Field() queuedAt!: Date;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => RunKpisModel, { nullable: true }) kpis!: RunKpisModel | null;
}

@ObjectType()
export class RunPage {
  @Field(() => [RunModel]) items!: RunModel[];
  @Field(() => ID, { nullable: true, description: 'Pass as `after` for the next page; null on the last page.' })
  nextCursor!: string | null;
}

@ObjectType({ description: 'A run\'s progress, pushed after each chunk and at the end.' })
export class RunProgress {
  @Field(() => ID) runId!: string;
  @Field(() => RunStatusEnum) status!: RunStatusEnum;
  @Field(() => Float) progress!: number;
  @Field(() => Int) chunksDone!: number;
  @Field(() => Int) chunksTotal!: number;
  @Field(() => String, { nullable: true }) error!: string | null;
}
