import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GpuPricePeak, LabKpis, TierPremiumKpis } from '../../runs/models/run.model.js';

/** MODEL.md section 7 entity types; the values are the stored `entityType`. */
export enum EntityTypeEnum {
  MODEL = 'model',
  LAB = 'lab',
  SEGMENT = 'segment',
  MARKET = 'market',
}
registerEnumType(EntityTypeEnum, { name: 'EntityType', description: 'What a result row describes (MODEL.md section 7).' });

/** The statistics of a result row across paths. */
export enum StatEnum {
  MEAN = 'mean',
  P05 = 'p05',
  P25 = 'p25',
  P50 = 'p50',
  P75 = 'p75',
  P95 = 'p95',
}
registerEnumType(StatEnum, { name: 'Stat', description: 'A statistic across paths: the mean or an exact/sketched quantile.' });

@ObjectType({ description: 'One period of a series.' })
export class SeriesPoint {
  @Field({ description: 'First day of the period (ISO date).' }) date!: string;
  @Field(() => Int) period!: number;
  @Field(() => Float) value!: number;
}

@ObjectType({ description: 'One entity\'s metric over the run\'s periods (periods without a row are absent).' })
export class ResultSeries {
  @Field() entity!: string;
  @Field(() => [SeriesPoint]) points!: SeriesPoint[];
}

@ObjectType({ description: 'The same series in one run of a comparison.' })
export class RunSeries {
  @Field(() => ID) runId!: string;
  @Field(() => String, { nullable: true }) label!: string | null;
  @Field(() => [SeriesPoint]) points!: SeriesPoint[];
}

@ObjectType({ description: 'One stored result row (MODEL.md section 7).' })
export class ResultRowModel {
  @Field(() => Int) period!: number;
  @Field() date!: string;
  @Field(() => EntityTypeEnum) entityType!: EntityTypeEnum;
  @Field() entity!: string;
  @Field() metric!: string;
  @Field(() => Float) mean!: number;
  @Field(() => Float) p05!: number;
  @Field(() => Float) p25!: number;
  @Field(() => Float) p50!: number;
  @Field(() => Float) p75!: number;
  @Field(() => Float) p95!: number;
}

@ObjectType({ description: 'A page of result rows in the engine\'s order.' })
export class ResultRowPage {
  @Field(() => [ResultRowModel]) items!: ResultRowModel[];
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on the last page.' })
  nextCursor!: string | null;
}

@ObjectType({ description: 'Months a tier\'s leader priced above 2x its cost.' })
export class TierPremiumDurationModel {
  @Field() tier!: string;
  @Field(() => Int, { description: 'Periods whose mean leader premium (price / cost) is above 2.' }) periodsAbove2x!: number;
  @Field(() => Int, { description: 'periodsAbove2x x periodMonths.' }) monthsAbove2x!: number;
}

@ObjectType({ description: 'How long a ZERO_MARGIN lab\'s cash lasts.' })
export class ZeroMarginRunwayModel {
  @Field() lab!: string;
  @Field(() => Float, { nullable: true, description: 'runwayPeriods in the last period (1000 = not burning cash).' }) finalRunwayPeriods!: number | null;
  @Field(() => Float, { nullable: true, description: 'Smallest runwayPeriods over the run.' }) minRunwayPeriods!: number | null;
  @Field(() => Float, { nullable: true, description: 'USD in the last period.' }) finalCash!: number | null;
  @Field(() => Int, { nullable: true, description: 'First period whose mean cash is <= 0; null if never.' }) cashOutPeriod!: number | null;
  @Field(() => String, { nullable: true }) cashOutDate!: string | null;
}

@ObjectType({ description: 'All KPIs of a run, from its stored rows (means across paths).' })
export class ResultKpisModel {
  @Field(() => Int) periods!: number;
  @Field(() => Int) periodMonths!: number;
  @Field(() => [LabKpis], { description: 'Cumulative revenue and operating profit, final share and runway, per lab.' }) labs!: LabKpis[];
  @Field(() => GpuPricePeak, { nullable: true, description: 'Peak mean GPU rental price and when.' }) peakGpuRentalPrice!: GpuPricePeak | null;
  @Field(() => [TierPremiumKpis]) frontierPremium!: TierPremiumKpis[];
  @Field(() => [TierPremiumDurationModel]) premiumAbove2x!: TierPremiumDurationModel[];
  @Field(() => [ZeroMarginRunwayModel]) zeroMarginRunway!: ZeroMarginRunwayModel[];
  @Field(() => Float, { description: 'Tokens, summed over periods.' }) cumulativeTokens!: number;
  @Field(() => Float, { description: 'USD, market spend summed over periods.' }) cumulativeSpend!: number;
}
