import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { RunStatusEnum } from '../../runs/models/run.model.js';

@InputType({ description: 'A grid axis: the document path (as in overrides, e.g. segments[o1-class].elasticity) and its values.' })
export class SweepGridParameterInput {
  @Field() path!: string;
  @Field(() => [Float]) values!: number[];
}

@InputType({ description: 'A tornado parameter: the document path and the low and high values tried one at a time.' })
export class SweepTornadoParameterInput {
  @Field() path!: string;
  @Field(() => Float) low!: number;
  @Field(() => Float) high!: number;
}

@InputType({ description: 'Exactly one of grid (cartesian, at most 10,000 variants) or tornado.' })
export class SweepSpecInput {
  @Field(() => [SweepGridParameterInput], { nullable: true }) grid?: SweepGridParameterInput[] | null;
  @Field(() => [SweepTornadoParameterInput], { nullable: true }) tornado?: SweepTornadoParameterInput[] | null;
}

@InputType({ description: "Options of every variant's run (bounds as for startRun; see docs/runs.md)." })
export class StartSweepOptionsInput {
  @Field(() => Int) paths!: number;
  @Field(() => Int, { description: 'The one seed of every variant.' }) seed!: number;
  @Field(() => Int, { nullable: true }) periods?: number | null;
  @Field(() => Int, { nullable: true }) chunkSize?: number | null;
  @Field(() => Int, { nullable: true }) priority?: number | null;
  @Field(() => String, { nullable: true, description: 'Also the label of every variant run.' }) label?: string | null;
}

@InputType()
export class SweepFilterInput {
  @Field(() => ID, { nullable: true }) scenarioId?: string | null;
  @Field(() => RunStatusEnum, { nullable: true }) status?: RunStatusEnum | null;
  @Field(() => String, { nullable: true }) label?: string | null;
}
