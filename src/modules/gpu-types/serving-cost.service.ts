import { Injectable } from '@nestjs/common';
import { costPerMTokens, effectiveGpuHours, roofline, servingGain } from '../../engine/serving-cost/roofline.js';
import type { GpuType, Technology } from '../../engine/scenario/types.js';
import { NON_NEGATIVE, OPEN_FRACTION, POSITIVE } from '../../engine/scenario/validate-kit.js';
import { FieldChecks } from '../scenarios/values/field-checks.js';
import type { ServingCostInput } from './dto/serving-cost.input.js';
import { RooflineBinding, type ServingCost } from './models/serving-cost.model.js';

const WHAT = 'invalid serving cost input';

/** The serving-cost what-if (MODEL.md section 2): the engine's roofline on the caller's numbers. */
@Injectable()
export class ServingCostService {
  /** Roofline, software gain and hour cost of one serving spec on one GPU type (MODEL.md section 2). */
  compute(input: ServingCostInput): ServingCost {
    const c = new FieldChecks();
    const s = input.serving;
    c.num(s.activeParamsB, 'serving.activeParamsB', POSITIVE);
    c.num(s.totalParamsB, 'serving.totalParamsB', POSITIVE);
    c.num(s.bytesPerParam, 'serving.bytesPerParam', POSITIVE);
    c.num(s.kvBytesPerToken, 'serving.kvBytesPerToken', NON_NEGATIVE);
    c.num(s.gpusPerReplica, 'serving.gpusPerReplica', { ge: 1, le: 100_000 });
    for (const key of ['memoryGB', 'bandwidthTBs', 'tflops', 'tcoPerHour'] as const) c.num(input.gpu[key], `gpu.${key}`, POSITIVE);
    const t = input.technology;
    c.num(t.avgContextTokens, 'technology.avgContextTokens', POSITIVE);
    for (const key of ['memUtil', 'bwUtil', 'mfu', 'loadFactor'] as const) c.num(t[key], `technology.${key}`, OPEN_FRACTION);
    c.num(t.maxBatch, 'technology.maxBatch', { ge: 1, le: 1_000_000 });
    c.num(t.servingEfficiencyGainPerYear, 'technology.servingEfficiencyGainPerYear', POSITIVE);
    c.num(input.hourCost, 'hourCost', POSITIVE);
    c.num(input.years, 'years', { ge: 0, le: 100 });
    c.throwIfAny(WHAT);

    const gpu: GpuType = { name: input.gpu.name ?? 'GPU', memoryGB: input.gpu.memoryGB, bandwidthTBs: input.gpu.bandwidthTBs, tflops: input.gpu.tflops, tcoPerHour: input.gpu.tcoPerHour };
    const tech: Technology = { ...t, algorithmicEfficiencyGainPerYear: 1 };
    const r = roofline(
      {
        gpuType: gpu.name,
        activeParamsB: s.activeParamsB,
        totalParamsB: s.totalParamsB ?? undefined,
        bytesPerParam: s.bytesPerParam ?? undefined,
        kvBytesPerToken: s.kvBytesPerToken ?? undefined,
        gpusPerReplica: s.gpusPerReplica ?? undefined,
      },
      gpu,
      tech,
    );
    if (!r.ok) {
      c.fail(r.field, r.message);
      c.throwIfAny(WHAT);
      throw new Error('unreachable');
    }
    const gain = servingGain(t.servingEfficiencyGainPerYear, input.years);
    const hours = effectiveGpuHours(r.rawGpuHoursPerMTokens, t.loadFactor, gain);
    const hourCost = input.hourCost ?? gpu.tcoPerHour;
    return {
      gpusPerReplica: r.gpusPerReplica,
      batch: r.batch,
      binding: r.binding === 'compute' ? RooflineBinding.COMPUTE : RooflineBinding.BANDWIDTH,
      tokensPerSecond: r.tokensPerSecond,
      rawGpuHoursPerMTokens: r.rawGpuHoursPerMTokens,
      servingGain: gain,
      gpuHoursPerMTokens: hours,
      hourCost,
      costPerMTokens: costPerMTokens(hours, hourCost),
      weightsGB: r.weightsBytes / 1e9,
      kvBudgetGB: r.kvBudgetBytes / 1e9,
    };
  }
}
