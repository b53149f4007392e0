import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { PUBLIC_KEY, ROLE_KEY, type Role } from '../../src/modules/auth/roles.decorator.js';

export type RootKind = 'Query' | 'Mutation' | 'Subscription';

/** A root field as the schema shows it, with what its resolver method declares. */
export interface RootField {
  kind: RootKind;
  name: string;
  /** The declared least role; 'public' for @Public; undefined when the method declares nothing. */
  declared: Role | 'public' | undefined;
  /** An operation calling the field with made-up but type-correct arguments. */
  operation: string;
  variables: Record<string, unknown>;
}

/** The schema the running app serves (built at boot from every resolver, whoever wrote it). */
export function servedSchema(app: INestApplication): GraphQLSchema {
  return app.get(GraphQLSchemaHost).schema;
}

/** `Kind.field` -> declared role, read from the resolver classes the app actually instantiated. */
function declaredRoles(app: INestApplication): Map<string, Role | 'public' | undefined> {
  const out = new Map<string, Role | 'public' | undefined>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | null | undefined;
      if (typeof type !== 'function' || !type.prototype) continue;
      for (const key of Object.getOwnPropertyNames(type.prototype)) {
        // Read descriptors, not properties: a getter on a framework class must not run here.
        const method = Object.getOwnPropertyDescriptor(type.prototype, key)?.value as unknown;
        if (typeof method !== 'function' || key === 'constructor') continue;
        const kind = Reflect.getMetadata('graphql:resolver_type', method) as string | undefined;
        if (kind !== 'Query' && kind !== 'Mutation' && kind !== 'Subscription') continue;
        const name = (Reflect.getMetadata('graphql:resolver_name', method) as string | undefined) ?? key;
        const isPublic = Reflect.getMetadata(PUBLIC_KEY, method) ?? Reflect.getMetadata(PUBLIC_KEY, type);
        const role = (Reflect.getMetadata(ROLE_KEY, method) ?? Reflect.getMetadata(ROLE_KEY, type)) as Role | undefined;
        out.set(`${kind}.${name}`, isPublic ? 'public' : role);
      }
    }
  }
  return out;
}

const FIXED_SCALARS: Record<string, unknown> = {
  Int: 1,
  Float: 1,
  String: 'x',
  Boolean: false,
  ID: '00000000-0000-4000-8000-000000000000',
  DateTime: '2026-01-01T00:00:00.000Z',
};

/** A value the type accepts: required parts filled, optional parts left out. */
export function sampleValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined) value[field.name] = sampleValue(field.type);
    }
    return value;
  }
  if (isScalarType(type)) return type.name in FIXED_SCALARS ? FIXED_SCALARS[type.name] : {};
  return null;
}

function operationFor(kind: RootKind, field: GraphQLField<unknown, unknown>): { operation: string; variables: Record<string, unknown> } {
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  const variables = Object.fromEntries(required.map((a) => [a.name, sampleValue(a.type)]));
  const defs = required.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  const op = kind.toLowerCase();
  return {
    operation: `${op} Probe${defs ? `(${defs})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`,
    variables,
  };
}

/** Every Query, Mutation and Subscription field of the served schema. */
export function rootFields(app: INestApplication): RootField[] {
  const schema = servedSchema(app);
  const declared = declaredRoles(app);
  const roots: [RootKind, GraphQLObjectType | null | undefined][] = [
    ['Query', schema.getQueryType()],
    ['Mutation', schema.getMutationType()],
    ['Subscription', schema.getSubscriptionType()],
  ];
  return roots.flatMap(([kind, type]) =>
    type
      ? Object.values(type.getFields()).map((field) => ({
          kind,
          name: field.name,
          declared: declared.get(`${kind}.${field.name}`),
          ...operationFor(kind, field),
        }))
      : [],
  );
}
