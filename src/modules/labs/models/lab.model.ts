import { Field, ObjectType } from '@nestjs/graphql';
import { Pricing } from '../../pricing/models/pricing.model.js';
import { NumValue } from '../../scenarios/values/num-value.model.js';

@ObjectType({ description: 'GPUs of one type a lab owns.' })
export class FleetEntry {
  @Field({ description: 'A GPU type name of the scenario' })
  gpuType!: string;

  @Field(() => NumValue)
  count!: NumValue;
}

@ObjectType({ description: 'A lab releasing a successor model every cadence (MODEL.md section 3).' })
export class Roadmap {
  @Field(() => NumValue)
  cadenceMonths!: NumValue;

  @Field(() => NumValue, { description: 'Capability points per successor' })
  capabilityStep!: NumValue;

  @Field(() => NumValue)
  computeMultiplierPer10Points!: NumValue;
}

@ObjectType({ description: 'A lab (MODEL.md section 1).' })
export class Lab {
  @Field()
  name!: string;

  @Field(() => Pricing)
  pricing!: Pricing;

  @Field(() => [FleetEntry], { description: "GPU type -> count, in the order of the scenario's gpuTypes" })
  fleet!: FleetEntry[];

  @Field(() => NumValue, { description: 'Fraction of the fleet serving tokens' })
  servingShare!: NumValue;

  @Field({ description: 'May rent unlimited GPU-hours at the market price' })
  cloudBurst!: boolean;

  @Field(() => NumValue, { description: 'Utility bonus xi_l' })
  brand!: NumValue;

  @Field(() => NumValue, { nullable: true, description: 'USD at the start' })
  cash?: NumValue | null;

  @Field(() => NumValue, { description: 'USD per period' })
  fixedCostPerPeriod!: NumValue;

  @Field(() => Roadmap, { nullable: true })
  roadmap?: Roadmap | null;
}
