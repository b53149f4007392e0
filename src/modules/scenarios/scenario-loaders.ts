import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { ScenarioVersionRecord } from './scenarios.repository.js';
import { ScenariosService } from './scenarios.service.js';

/** The loaders of one GraphQL request: each batches what the request's field resolvers ask for. */
export interface ScenarioLoaderSet {
  versionsOfScenario: DataLoader<string, ScenarioVersionRecord[]>;
  versionByNumber: DataLoader<string, ScenarioVersionRecord | null>;
}

const numberKey = (scenarioId: string, version: number) => `${scenarioId}#${version}`;

/**
 * DataLoaders per request, so nested fields of a page of scenarios cost one query each, not one
 * per scenario. Keyed by the request's GraphQL context object (a new one per request) in a
 * WeakMap: nothing outlives the request and no request sees another's cache.
 */
@Injectable()
export class ScenarioLoaders {
  private readonly perRequest = new WeakMap<object, ScenarioLoaderSet>();

  constructor(private readonly scenarios: ScenariosService) {}

  for(context: object): ScenarioLoaderSet {
    let set = this.perRequest.get(context);
    if (!set) {
      set = this.create();
      this.perRequest.set(context, set);
    }
    return set;
  }

  latest(context: object, scenarioId: string, version: number): Promise<ScenarioVersionRecord | null> {
    return this.for(context).versionByNumber.load(numberKey(scenarioId, version));
  }

  private create(): ScenarioLoaderSet {
    return {
      versionsOfScenario: new DataLoader(async (ids) => {
        const rows = await this.scenarios.versionsOf(ids);
        const byScenario = new Map<string, ScenarioVersionRecord[]>();
        for (const row of rows) byScenario.set(row.scenarioId, [...(byScenario.get(row.scenarioId) ?? []), row]);
        return ids.map((id) => byScenario.get(id) ?? []);
      }),
      versionByNumber: new DataLoader(async (keys) => {
        const pairs = keys.map((k) => {
          const at = k.lastIndexOf('#');
          return { scenarioId: k.slice(0, at), version: Number(k.slice(at + 1)) };
        });
        const rows = await this.scenarios.versionsByNumber(pairs);
        const found = new Map(rows.map((r) => [numberKey(r.scenarioId, r.version), r]));
        return keys.map((k) => found.get(k) ?? null);
      }),
    };
  }
}
