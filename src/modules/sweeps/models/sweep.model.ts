import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { RunStatusEnum } from '../../runs/models/run.model.js';

export enum SweepKindEnum {
  GRID = 'GRID',
  TORNADO = 'TORNADO',
}
registerEnumType(SweepKindEnum, { name: 'SweepKind', description: 'GRID: cartesian over {path, values}; TORNADO: one parameter at a time, low and high.' });

@ObjectType({ description: 'One override of a variant: the document path and the number set there.' })
export class SweepOverrideModel {
  @Field() path!: string;
  @Field(() => Float) value!: number;
}

@ObjectType({ description: 'One KPI of a variant (names in docs/sweeps.md, e.g. labs[OpenLab].cumulativeOperatingProfit).' })
export class SweepKpiModel {
  @Field() name!: string;
  @Field(() => Float, { nullable: true }) value!: number | null;
}

@ObjectType('SweepVariant', { description: 'A row of the KPI table: the variant\'s overrides, its run and its KPIs.' })
export class SweepVariantModel {
  @Field(() => Int) index!: number;
  @Field({ description: "'grid', or for a tornado 'base', 'low' or 'high'." }) role!: string;
  @Field(() => String, { nullable: true, description: 'The tornado parameter this variant moves.' }) parameter!: string | null;
  @Field(() => [SweepOverrideModel]) overrides!: SweepOverrideModel[];
  @Field(() => ID, { description: 'The variant\'s run (a normal run: see run(id)).' }) runId!: string;
  @Field(() => RunStatusEnum) runStatus!: RunStatusEnum;
  @Field(() => String, { nullable: true }) runError!: string | null;
  @Field(() => [SweepKpiModel], { description: 'Empty until the summary is written (and for a variant that did not succeed).' })
  kpis!: SweepKpiModel[];
}

@ObjectType()
export class SweepVariantPage {
  @Field(() => [SweepVariantModel]) items!: SweepVariantModel[];
  @Field(() => Int, { nullable: true, description: 'Pass as `after` for the next page; null on the last.' }) nextCursor!: number | null;
}

@ObjectType('TornadoBar', { description: 'A KPI with one parameter at its low and at its high value, against the base.' })
export class TornadoBarModel {
  @Field() parameter!: string;
  @Field(() => Float) low!: number;
  @Field(() => Float) high!: number;
  @Field(() => Float, { nullable: true }) kpiBase!: number | null;
  @Field(() => Float, { nullable: true }) kpiLow!: number | null;
  @Field(() => Float, { nullable: true }) kpiHigh!: number | null;
  @Field(() => Float, { nullable: true, description: '|kpiHigh - kpiLow|; bars come largest first.' }) swing!: number | null;
}

@ObjectType('SweepParameter', { description: 'A swept parameter as requested.' })
export class SweepParameterModel {
  @Field() path!: string;
  @Field(() => [Float], { nullable: true, description: 'GRID: the values.' }) values!: number[] | null;
  @Field(() => Float, { nullable: true, description: 'TORNADO: the low value.' }) low!: number | null;
  @Field(() => Float, { nullable: true, description: 'TORNADO: the high value.' }) high!: number | null;
}

@ObjectType('SweepProgress', { description: 'Progress over every variant.' })
export class SweepProgressModel {
  @Field(() => Float, { description: '0..1: chunks done over all variants / all chunks.' }) fraction!: number;
  @Field(() => Int) chunksDone!: number;
  @Field(() => Int) chunksTotal!: number;
  @Field(() => Int) queued!: number;
  @Field(() => Int) running!: number;
  @Field(() => Int) succeeded!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Int) cancelled!: number;
}

@ObjectType('Sweep', { description: 'A grid or tornado over a scenario; every variant is a run with the sweep\'s seed.' })
export class SweepModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) scenarioId!: string;
  @Field(() => ID) scenarioVersionId!: string;
  @Field(() => SweepKindEnum) kind!: SweepKindEnum;
  @Field(() => RunStatusEnum, { description: 'SUCCEEDED when every variant succeeded; FAILED when some did not (their KPIs are missing).' })
  status!: RunStatusEnum;
  @Field(() => [SweepParameterModel]) parameters!: SweepParameterModel[];
  @Field(() => Int) variantsTotal!: number;
  @Field(() => Int) paths!: number;
  @Field(() => Int, { description: 'Every variant uses this seed (common random numbers).' }) seed!: number;
  @Field(() => Int) periods!: number;
  @Field(() => Int) priority!: number;
  @Field(() => String, { nullable: true }) label!: string | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field() queuedAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
}

@ObjectType()
export class SweepPage {
  @Field(() => [SweepModel]) items!: SweepModel[];
  @Field(() => ID, { nullable: true }) nextCursor!: string | null;
}
