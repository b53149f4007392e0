/** Labs and their models between the typed GraphQL shapes and the document (MODEL.md section 1). */
import type { LabOf, ModelOf, Num } from '../../engine/scenario/types.js';
import { numericRecord, numericView } from '../gpu-types/gpu-types.mapper.js';
import { pricingFromInput, pricingView } from '../pricing/pricing.mapper.js';
import { InputErrors, numFromInput, numView, put } from '../scenarios/values/num-value.mapper.js';
import type { NumValue } from '../scenarios/values/num-value.model.js';
import type { AiModelInput } from './dto/ai-model.input.js';
import type { LabInput } from './dto/lab.input.js';
import type { AiModel, ServingSpec } from './models/ai-model.model.js';
import type { Lab, Roadmap } from './models/lab.model.js';

const ROADMAP_FIELDS = ['cadenceMonths', 'capabilityStep', 'computeMultiplierPer10Points'] as const;
const SERVING_FIELDS = ['activeParamsB', 'totalParamsB', 'bytesPerParam', 'kvBytesPerToken', 'gpusPerReplica', 'costPerMTokens'] as const;

export function labFromInput(input: LabInput, path: string, errs: InputErrors): LabOf<Num> {
  // A Map, then fromEntries: a GPU type named "__proto__" must become a field the validator can
  // refuse, not silently set the object's prototype.
  const fleet = new Map<string, Num>();
  input.fleet.forEach((entry, i) => {
    if (fleet.has(entry.gpuType)) {
      errs.fail(`${path}.fleet[${i}]`, `GPU type "${entry.gpuType}" is listed twice`);
      return;
    }
    const count = numFromInput(entry.count, `${path}.fleet.${entry.gpuType}`, errs);
    if (count !== undefined) fleet.set(entry.gpuType, count);
  });
  const out: Record<string, unknown> = {
    name: input.name,
    pricing: pricingFromInput(input.pricing, `${path}.pricing`, errs),
    fleet: Object.fromEntries(fleet),
    cloudBurst: input.cloudBurst,
  };
  put(out, 'servingShare', numFromInput(input.servingShare, `${path}.servingShare`, errs));
  put(out, 'brand', numFromInput(input.brand, `${path}.brand`, errs));
  put(out, 'cash', numFromInput(input.cash, `${path}.cash`, errs));
  put(out, 'fixedCostPerPeriod', numFromInput(input.fixedCostPerPeriod, `${path}.fixedCostPerPeriod`, errs));
  if (input.roadmap) out['roadmap'] = numericRecord(input.roadmap, ROADMAP_FIELDS, `${path}.roadmap`, errs);
  return out as unknown as LabOf<Num>;
}

export function modelFromInput(input: AiModelInput, path: string, errs: InputErrors): ModelOf<Num> {
  const serving: Record<string, unknown> = { gpuType: input.serving.gpuType, ...numericRecord(input.serving, SERVING_FIELDS, `${path}.serving`, errs) };
  const out: Record<string, unknown> = { name: input.name, lab: input.lab, releaseDate: input.releaseDate };
  put(out, 'retireDate', input.retireDate);
  put(out, 'capability', numFromInput(input.capability, `${path}.capability`, errs));
  put(out, 'openWeights', input.openWeights);
  put(out, 'trainingCost', numFromInput(input.trainingCost, `${path}.trainingCost`, errs));
  out['serving'] = serving;
  if (input.pricing) out['pricing'] = pricingFromInput(input.pricing, `${path}.pricing`, errs);
  if (input.priceHistory) {
    out['priceHistory'] = input.priceHistory.map((p, i) => {
      const point: Record<string, unknown> = { date: p.date };
      put(point, 'price', numFromInput(p.price, `${path}.priceHistory[${i}].price`, errs));
      return point;
    });
  }
  return out as unknown as ModelOf<Num>;
}

/** `gpuOrder` (the document's gpuTypes names) orders the fleet, since JSONB does not keep key order. */
export function labView(doc: LabOf<Num>, gpuOrder: readonly string[] = []): Lab {
  const rank = (gpu: string) => {
    const i = gpuOrder.indexOf(gpu);
    return i < 0 ? gpuOrder.length : i;
  };
  const fleet = Object.entries(doc.fleet ?? {}).sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return {
    name: doc.name,
    pricing: pricingView(doc.pricing),
    fleet: fleet.map(([gpuType, count]) => ({ gpuType, count: numView(count) as NumValue })),
    servingShare: numView(doc.servingShare) as NumValue,
    cloudBurst: doc.cloudBurst,
    brand: numView(doc.brand) as NumValue,
    cash: numView(doc.cash),
    fixedCostPerPeriod: numView(doc.fixedCostPerPeriod) as NumValue,
    roadmap: doc.roadmap ? numericView<Roadmap>(doc.roadmap, ROADMAP_FIELDS) : null,
  };
}

export function modelView(doc: ModelOf<Num>): AiModel {
  return {
    name: doc.name,
    lab: doc.lab,
    releaseDate: doc.releaseDate,
    retireDate: doc.retireDate ?? null,
    capability: numView(doc.capability) as NumValue,
    openWeights: doc.openWeights === true,
    trainingCost: numView(doc.trainingCost),
    serving: { gpuType: doc.serving.gpuType, ...numericView<Omit<ServingSpec, 'gpuType'>>(doc.serving, SERVING_FIELDS) },
    pricing: doc.pricing ? pricingView(doc.pricing) : null,
    priceHistory: (doc.priceHistory ?? []).map((p) => ({ date: p.date, price: numView(p.price) as NumValue })),
  };
}

