import { Injectable, Logger } from '@nestjs/common';
import { applyOverrides, type Override } from '../../engine/scenario/overrides.js';
import type { FieldError, ScenarioDoc } from '../../engine/scenario/types.js';
import { validateScenario } from '../../engine/scenario/validate-scenario.js';
import { listPresets, loadPreset } from '../../engine/presets/presets.js';
import { contentHash } from './canonical-json.js';
import { findNulStrings } from './document-strings.js';
import { ScenarioConflictError, ScenarioInputError, ScenarioNotFoundError } from './scenario.errors.js';
import {
  DuplicateNameError,
  type ScenarioFilter,
  type ScenarioRecord,
  ScenariosRepository,
  type ScenarioVersionRecord,
  StaleScenarioError,
  type VersionWrite,
} from './scenarios.repository.js';

/** Largest page a list returns (SERVICE.md: bounded page sizes). */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/** Tries of an update without expectedVersion that keeps losing races to concurrent updates. */
const MAX_UPDATE_ATTEMPTS = 20;
/** Longest `nameContains` / `tag` filter accepted. */
const MAX_FILTER_LENGTH = 200;

export interface ScenarioPage {
  rows: ScenarioRecord[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
}

/** What the seed did with each preset. */
export interface PresetSeedOutcome {
  name: string;
  action: 'created' | 'updated' | 'unchanged' | 'skipped';
  version: number | null;
}

/** Ids are UUIDs; anything else cannot name a scenario (and must not reach a uuid column). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(name: string): string {
  return Buffer.from(`name:${name}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return text.startsWith('name:') ? text.slice(5) : undefined;
}

/** The one validation of anything stored: the engine's validator, plus strings JSONB can store (depth-bounded scan). */
function validated(raw: unknown): ScenarioDoc {
  const result = validateScenario(raw);
  const nul = findNulStrings(raw);
  if (!result.ok || nul.length > 0) throw new ScenarioInputError([...nul, ...(result.ok ? [] : result.errors)]);
  return result.doc;
}

function writeOf(doc: ScenarioDoc): VersionWrite {
  return { name: doc.name, description: doc.description ?? null, tags: doc.tags ?? [], document: doc, contentHash: contentHash(doc) };
}

function duplicateName(name: string): ScenarioInputError {
  return new ScenarioInputError([{ path: 'name', message: `a scenario named ${JSON.stringify(name)} already exists; scenario names are unique` }]);
}

/**
 * Scenarios as immutable versions of engine documents (MODEL.md section 1, SERVICE.md "GraphQL").
 * Every document stored passed `validateScenario`; every write is one transaction.
 */
@Injectable()
export class ScenariosService {
  private readonly log = new Logger(ScenariosService.name);

  constructor(private readonly repository: ScenariosRepository) {}

  /** A new scenario (version 1) from a parsed JSON document or a typed input already turned into one. */
  async create(raw: unknown): Promise<ScenarioRecord> {
    const doc = validated(raw);
    try {
      return await this.repository.create(writeOf(doc));
    } catch (err) {
      if (err instanceof DuplicateNameError) throw duplicateName(doc.name);
      throw err;
    }
  }

  /** Validates without storing: every field error, or the content hash it would be stored under. */
  check(raw: unknown): { valid: boolean; errors: FieldError[]; contentHash: string | null } {
    try {
      return { valid: true, errors: [], contentHash: contentHash(validated(raw)) };
    } catch (err) {
      if (err instanceof ScenarioInputError) return { valid: false, errors: err.fields, contentHash: null };
      throw err;
    }
  }

  async get(id: string): Promise<ScenarioRecord> {
    const found = UUID.test(id) ? await this.repository.findById(id) : null;
    if (!found) throw new ScenarioNotFoundError(`with id ${id}`);
    return found;
  }

  async find(by: { id?: string | null; name?: string | null }): Promise<ScenarioRecord | null> {
    const hasId = by.id !== undefined && by.id !== null;
    const hasName = by.name !== undefined && by.name !== null;
    if (hasId === hasName) throw new ScenarioInputError([{ path: hasId ? 'name' : 'id', message: 'give exactly one of id or name' }]);
    if (hasId) return UUID.test(by.id!) ? this.repository.findById(by.id!) : null;
    return this.repository.findByName(by.name!);
  }

  async list(filter: ScenarioFilter, first: number, after?: string | null): Promise<ScenarioPage> {
    const errors: FieldError[] = [];
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) errors.push({ path: 'first', message: `must be 1 to ${MAX_PAGE_SIZE}` });
    for (const key of ['nameContains', 'tag'] as const) {
      const v = filter[key];
      if (v !== undefined && (v.length > MAX_FILTER_LENGTH || v.includes('\u0000'))) errors.push({ path: `filter.${key}`, message: `must be at most ${MAX_FILTER_LENGTH} characters, without NUL` });
    }
    const afterName = after === undefined || after === null ? undefined : decodeCursor(after);
    if (after !== undefined && after !== null && afterName === undefined) errors.push({ path: 'after', message: 'is not a cursor this API returned' });
    if (errors.length > 0) throw new ScenarioInputError(errors);
    const page = await this.repository.list(filter, first, afterName);
    const last = page.rows[page.rows.length - 1];
    return { ...page, endCursor: last ? encodeCursor(last.name) : null };
  }

  async versionsOf(scenarioIds: readonly string[]): Promise<ScenarioVersionRecord[]> {
    return this.repository.versionsOf(scenarioIds);
  }

  async versionsByNumber(keys: readonly { scenarioId: string; version: number }[]): Promise<ScenarioVersionRecord[]> {
    return this.repository.versionsByNumber(keys);
  }

  async versionById(id: string): Promise<ScenarioVersionRecord | null> {
    if (!UUID.test(id)) return null;
    const [found] = await this.repository.versionsByIds([id]);
    return found ?? null;
  }

  /** One version; the latest when `version` is absent. */
  async version(scenarioId: string, version?: number | null): Promise<ScenarioVersionRecord> {
    const scenario = await this.get(scenarioId);
    const wanted = version ?? scenario.latestVersion;
    const [found] = await this.repository.versionsByNumber([{ scenarioId, version: wanted }]);
    if (!found) throw new ScenarioNotFoundError(`${scenario.name} version ${wanted}`);
    return found;
  }

  /** The exact document the engine reads for a version (the latest when absent). */
  async export(scenarioId: string, version?: number | null): Promise<ScenarioDoc> {
    return (await this.version(scenarioId, version)).document as ScenarioDoc;
  }

  /**
   * A new immutable version with the given document. `expectedVersion`, when given, must be the
   * latest (optimistic concurrency: a concurrent update makes this one a CONFLICT); without it,
   * concurrent updates each append in turn. A document identical to the latest version adds nothing.
   */
  async update(id: string, raw: unknown, expectedVersion?: number | null, attempt = 0): Promise<ScenarioRecord> {
    const scenario = await this.get(id);
    if (scenario.archived) throw new ScenarioConflictError(`scenario ${scenario.name} is archived; unarchive it before updating`);
    const pinned = expectedVersion !== undefined && expectedVersion !== null;
    if (pinned && expectedVersion !== scenario.latestVersion) {
      throw new ScenarioConflictError(`scenario ${scenario.name} is at version ${scenario.latestVersion}, not ${expectedVersion}; read it again and retry`);
    }
    const doc = validated(raw);
    const write = writeOf(doc);
    const [latest] = await this.repository.versionsByNumber([{ scenarioId: id, version: scenario.latestVersion }]);
    if (latest && latest.contentHash === write.contentHash) return scenario;
    try {
      return await this.repository.addVersion(id, scenario.latestVersion, write);
    } catch (err) {
      if (err instanceof DuplicateNameError) throw duplicateName(doc.name);
      if (err instanceof StaleScenarioError) {
        // Unpinned updates are last-writer-wins: re-read and append after the concurrent one.
        if (!pinned && attempt < MAX_UPDATE_ATTEMPTS) return this.update(id, raw, expectedVersion, attempt + 1);
        throw new ScenarioConflictError(`${err.message}; read it again and retry`);
      }
      throw err;
    }
  }

  /**
   * A new scenario named `name` from a version of another (the latest when absent) with overrides
   * applied in order (MODEL.md section 1 paths). The name is set first, so an override cannot rename it.
   */
  async clone(sourceId: string, name: string, overrides: readonly Override[], version?: number | null): Promise<ScenarioRecord> {
    const source = await this.version(sourceId, version);
    const nul = findNulStrings({ name, overrides });
    if (nul.length > 0) throw new ScenarioInputError(nul);
    const renamed = overrides.find((o) => o.path === 'name');
    if (renamed) throw new ScenarioInputError([{ path: 'name', message: 'the clone is named by the name argument, not by an override' }]);
    const result = applyOverrides(source.document, [{ path: 'name', value: name }, ...overrides]);
    if (!result.ok) throw new ScenarioInputError(result.errors);
    return this.create(result.doc);
  }

  async archive(id: string, archived: boolean): Promise<ScenarioRecord> {
    const updated = UUID.test(id) ? await this.repository.setArchived(id, archived) : null;
    if (!updated) throw new ScenarioNotFoundError(`with id ${id}`);
    return updated;
  }

  /**
   * Deletes a scenario and its versions. Refused while runs reference it, unless it is archived:
   * archiving first is the deliberate step that lets its finished runs go with it. Never while a
   * run is queued or running (its worker would write into a deleted run), nor while schedules
   * would keep starting runs of it.
   */
  async delete(id: string): Promise<void> {
    if (!UUID.test(id)) throw new ScenarioNotFoundError(`with id ${id}`);
    const deleted = await this.repository.delete(id, (scenario, runs) => {
      if (runs.schedules > 0) {
        // Its job schedulers live in Redis; the schedules module must remove them, not a cascade.
        throw new ScenarioConflictError(`scenario ${scenario.name} has ${runs.schedules} schedule(s); delete them first`);
      }
      if (runs.active > 0) {
        throw new ScenarioConflictError(`scenario ${scenario.name} has ${runs.active} queued or running run(s); cancel them or wait before deleting`);
      }
      if (runs.total > 0 && !scenario.archived) {
        throw new ScenarioConflictError(`scenario ${scenario.name} is referenced by ${runs.total} run(s); archive it first to delete it with its runs`);
      }
    });
    if (!deleted) throw new ScenarioNotFoundError(`with id ${id}`);
  }

  /**
   * Stores every built-in preset (MODEL.md section 10) as a preset scenario, idempotently: absent
   * -> created; present with the same content -> unchanged; present with different content (the
   * preset changed in code) -> a new version. A user scenario holding a preset's name is left alone.
   */
  async seedPresets(): Promise<PresetSeedOutcome[]> {
    const outcomes: PresetSeedOutcome[] = [];
    for (const info of listPresets()) {
      const doc = validated(loadPreset(info.name));
      const write = writeOf(doc);
      outcomes.push(await this.seedOne(write));
    }
    return outcomes;
  }

  private async seedOne(write: VersionWrite, attempt = 0): Promise<PresetSeedOutcome> {
    const existing = await this.repository.findByName(write.name);
    try {
      if (!existing) {
        const created = await this.repository.create(write, true);
        return { name: write.name, action: 'created', version: created.latestVersion };
      }
      if (!existing.isPreset) {
        this.log.warn(`preset ${write.name} not seeded: a user scenario already has that name`);
        return { name: write.name, action: 'skipped', version: null };
      }
      const [latest] = await this.repository.versionsByNumber([{ scenarioId: existing.id, version: existing.latestVersion }]);
      if (latest?.contentHash === write.contentHash) return { name: write.name, action: 'unchanged', version: existing.latestVersion };
      const updated = await this.repository.addVersion(existing.id, existing.latestVersion, write);
      return { name: write.name, action: 'updated', version: updated.latestVersion };
    } catch (err) {
      // Two seeds at once: the loser reads what the winner wrote.
      if ((err instanceof DuplicateNameError || err instanceof StaleScenarioError) && attempt < 3) return this.seedOne(write, attempt + 1);
      throw err;
    }
  }
}
