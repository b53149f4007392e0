/**
 * The whole scenario between the typed GraphQL shapes and the engine's document (MODEL.md
 * section 1). Input mapping only reshapes (numbers or distributions, fleet list -> map); every
 * rule is the engine validator's, applied afterwards, so both entry points refuse the same things.
 */
import type { EventOf, FieldError, Num, ScenarioDoc } from '../../../engine/scenario/types.js';
import { segmentFromInput, segmentView } from '../../demand/segments.mapper.js';
import { gpuMarketFromInput, gpuMarketView, gpuTypeFromInput, gpuTypeView, technologyFromInput, technologyView } from '../../gpu-types/gpu-types.mapper.js';
import { labFromInput, labView, modelFromInput, modelView } from '../../labs/labs.mapper.js';
import { tierFromInput, tierView } from '../../tiers/tiers.mapper.js';
import type { ScenarioInput } from '../dto/scenario.input.js';
import type { ScenarioContent } from '../models/scenario-content.model.js';
import { EventKind, type ScenarioEvent } from '../models/scenario-event.model.js';
import { elementLabel, InputErrors, numFromInput, numView, put } from '../values/num-value.mapper.js';
import { documentValueFromInput, documentValueView } from './document-value.mapper.js';

/** The document a typed input spells, or the reshaping errors (the validator runs after). */
export function documentFromInput(input: ScenarioInput): { ok: true; doc: unknown } | { ok: false; errors: FieldError[] } {
  const errs = new InputErrors();
  const doc: Record<string, unknown> = { name: input.name };
  put(doc, 'description', input.description);
  put(doc, 'tags', input.tags);
  doc['startDate'] = input.startDate;
  doc['periods'] = input.periods;
  doc['periodMonths'] = input.periodMonths;
  put(doc, 'priceFloor', numFromInput(input.priceFloor, 'priceFloor', errs));
  put(doc, 'maxChangePerPeriod', numFromInput(input.maxChangePerPeriod, 'maxChangePerPeriod', errs));
  doc['tiers'] = input.tiers.map((t, i) => tierFromInput(t, elementLabel('tiers', t.name, i), errs));
  doc['segments'] = input.segments.map((s, i) => segmentFromInput(s, elementLabel('segments', s.tier, i), errs));
  doc['gpuTypes'] = input.gpuTypes.map((g, i) => gpuTypeFromInput(g, elementLabel('gpuTypes', g.name, i), errs));
  doc['technology'] = technologyFromInput(input.technology, errs);
  doc['gpuMarket'] = gpuMarketFromInput(input.gpuMarket, errs);
  doc['labs'] = input.labs.map((l, i) => labFromInput(l, elementLabel('labs', l.name, i), errs));
  doc['models'] = input.models.map((m, i) => modelFromInput(m, elementLabel('models', m.name, i), errs));
  if (input.events) {
    doc['events'] = input.events.map((e, i) => {
      const change = { path: e.path, value: documentValueFromInput(e.value, `events[${i}].${e.kind === EventKind.ADD ? 'add' : 'set'}.value`, errs) };
      return e.kind === EventKind.ADD ? { date: e.date, add: change } : { date: e.date, set: change };
    });
  }
  return errs.errors.length > 0 ? { ok: false, errors: errs.errors } : { ok: true, doc };
}

function eventView(e: EventOf<Num>): ScenarioEvent {
  const isAdd = 'add' in e;
  const change = isAdd ? e.add : e.set;
  return { date: e.date, kind: isAdd ? EventKind.ADD : EventKind.SET, path: change.path, value: documentValueView(change.value) };
}

/** A validated document as the typed view. */
export function contentView(doc: ScenarioDoc): ScenarioContent {
  const gpuOrder = doc.gpuTypes.map((g) => g.name);
  return {
    doc,
    name: doc.name,
    description: doc.description ?? null,
    tags: doc.tags ?? [],
    startDate: doc.startDate,
    periods: doc.periods,
    periodMonths: doc.periodMonths,
    priceFloor: numView(doc.priceFloor),
    maxChangePerPeriod: numView(doc.maxChangePerPeriod),
    tiers: doc.tiers.map(tierView),
    segments: doc.segments.map(segmentView),
    gpuTypes: doc.gpuTypes.map(gpuTypeView),
    technology: technologyView(doc.technology),
    gpuMarket: gpuMarketView(doc.gpuMarket),
    labs: doc.labs.map((lab) => labView(lab, gpuOrder)),
    models: doc.models.map(modelView),
    events: (doc.events ?? []).map(eventView),
  };
}
