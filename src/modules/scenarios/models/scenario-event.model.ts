import { Field, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DocumentValue, DocumentValueInput } from '../values/document-value.model.js';

export enum EventKind {
  /** Replaces the leaf at the path. */
  SET = 'SET',
  /** Adds a number to the numeric leaf at the path. */
  ADD = 'ADD',
}
registerEnumType(EventKind, { name: 'EventKind', description: 'SET replaces the value at the path; ADD adds to a numeric leaf.' });

@ObjectType({ description: 'A dated change applied at the start of the period containing its date (MODEL.md section 0).' })
export class ScenarioEvent {
  @Field({ description: 'YYYY-MM-DD' })
  date!: string;

  @Field(() => EventKind)
  kind!: EventKind;

  @Field({ description: 'MODEL.md section 1 path syntax' })
  path!: string;

  @Field(() => DocumentValue)
  value!: DocumentValue;
}

@InputType()
export class ScenarioEventInput {
  @Field()
  date!: string;

  @Field(() => EventKind)
  kind!: EventKind;

  @Field()
  path!: string;

  @Field(() => DocumentValueInput)
  value!: DocumentValueInput;
}
