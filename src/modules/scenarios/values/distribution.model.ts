import { Field, Float, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';

/** The distributions a numeric leaf may take for Monte Carlo (MODEL.md section 8). */
export enum DistributionKind {
  NORMAL = 'normal',
  LOGNORMAL = 'lognormal',
  UNIFORM = 'uniform',
  TRIANGULAR = 'triangular',
}
registerEnumType(DistributionKind, {
  name: 'DistributionKind',
  description: 'normal {mean, sd, min?, max?}, lognormal {median, sigma}, uniform {min, max}, triangular {min, mode, max}.',
});

@ObjectType({ description: 'A random numeric leaf (MODEL.md section 8): drawn once per path unless perPeriod. Only the parameters of its kind are set.' })
export class Distribution {
  @Field(() => DistributionKind)
  kind!: DistributionKind;

  @Field(() => Float, { nullable: true, description: 'normal' })
  mean?: number;

  @Field(() => Float, { nullable: true, description: 'normal: standard deviation' })
  sd?: number;

  @Field(() => Float, { nullable: true, description: 'lognormal' })
  median?: number;

  @Field(() => Float, { nullable: true, description: 'lognormal: sd of the log' })
  sigma?: number;

  @Field(() => Float, { nullable: true, description: 'normal (truncation), uniform, triangular' })
  min?: number;

  @Field(() => Float, { nullable: true, description: 'triangular' })
  mode?: number;

  @Field(() => Float, { nullable: true, description: 'normal (truncation), uniform, triangular' })
  max?: number;

  @Field({ description: 'Drawn again every period rather than once per path.' })
  perPeriod!: boolean;
}

@InputType({ description: 'A distribution for a numeric leaf (MODEL.md section 8); give only the parameters of its kind.' })
export class DistributionInput {
  @Field(() => DistributionKind)
  kind!: DistributionKind;

  @Field(() => Float, { nullable: true })
  mean?: number | null;

  @Field(() => Float, { nullable: true })
  sd?: number | null;

  @Field(() => Float, { nullable: true })
  median?: number | null;

  @Field(() => Float, { nullable: true })
  sigma?: number | null;

  @Field(() => Float, { nullable: true })
  min?: number | null;

  @Field(() => Float, { nullable: true })
  mode?: number | null;

  @Field(() => Float, { nullable: true })
  max?: number | null;

  @Field(() => Boolean, { nullable: true })
  perPeriod?: boolean | null;
}
