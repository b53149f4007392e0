import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demandCurve } from '../../src/engine/demand/demand-curve.js';
import { strategyPrice } from '../../src/engine/pricing/strategy-price-calculator.js';
import { roofline } from '../../src/engine/serving-cost/roofline.js';
import { startApi, type RunningApi } from '../helpers/api-app.js';
import { useTestContext } from '../helpers/test-context.js';
import { gql, gqlOk, threeLabs } from '../scenarios/support/scenario-api.js';

const SERVING = `query($input: ServingCostInput!) { servingCost(input: $input) {
  gpusPerReplica batch binding tokensPerSecond rawGpuHoursPerMTokens servingGain gpuHoursPerMTokens hourCost costPerMTokens weightsGB kvBudgetGB } }`;
const CURVE = `query($input: DemandCurveInput!) { demandCurve(input: $input) { jevons points { price share demand volume priceIndex spend revenue spendRisesAsPriceFalls } } }`;
const PRICE = `query($input: StrategyPriceInput!) { strategyPrice(input: $input) { price markupMultiple strategy nashConverged } }`;

const H100 = { name: 'H100', memoryGB: 80, bandwidthTBs: 3.35, tflops: 1979, tcoPerHour: 2 };
const TECH = { avgContextTokens: 4000, memUtil: 0.9, bwUtil: 0.7, mfu: 0.4, maxBatch: 256, loadFactor: 0.6, servingEfficiencyGainPerYear: 1.5 };
const V3 = { activeParamsB: 37, totalParamsB: 671, bytesPerParam: 1, kvBytesPerToken: 70272, gpusPerReplica: 16 };

const rel = (a: number, b: number) => Math.abs(a / b - 1);

const ctx = useTestContext();

describe('what-if calculators over HTTP agree with MODEL.md closed forms and with the engine', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi(ctx.config);
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('servingCost', () => {
    it('follows the section 2 roofline by hand for a bandwidth-bound MoE on H100', async () => {
      const { servingCost: r } = await gqlOk<{ servingCost: any }>(api, SERVING, { input: { serving: V3, gpu: H100, technology: TECH, years: 1 } });
      const kvBudget = 16 * 80e9 * 0.9 - 671e9;
      const batch = Math.min(256, Math.floor(kvBudget / (4000 * 70272)));
      const bandwidth = (batch * 16 * 3.35e12 * 0.7) / (37e9 + batch * 4000 * 70272);
      const compute = (16 * 1979e12 * 0.4) / (2 * 37e9);
      expect(bandwidth).toBeLessThan(compute);
      const h = (16 * 1e6) / (3600 * bandwidth);
      const e = h / (0.6 * 1.5);
      expect(r).toMatchObject({ gpusPerReplica: 16, batch: 256, binding: 'BANDWIDTH', hourCost: 2 });
      expect(rel(r.tokensPerSecond, bandwidth)).toBeLessThan(1e-12);
      expect(rel(r.rawGpuHoursPerMTokens, h)).toBeLessThan(1e-12);
      expect(rel(r.servingGain, 1.5)).toBeLessThan(1e-12);
      expect(rel(r.gpuHoursPerMTokens, e)).toBeLessThan(1e-12);
      expect(rel(r.costPerMTokens, e * 2)).toBeLessThan(1e-12);
      expect(rel(r.kvBudgetGB, kvBudget / 1e9)).toBeLessThan(1e-12);
      expect(r.weightsGB).toBeCloseTo(671, 9);
    });

    it('finds the compute roof and the smallest replica for a small dense model on H20, at a rental hour cost', async () => {
      const H20 = { memoryGB: 96, bandwidthTBs: 4, tflops: 296, tcoPerHour: 1.2 };
      const input = { serving: { activeParamsB: 8, bytesPerParam: 2, kvBytesPerToken: 0 }, gpu: H20, technology: { ...TECH, servingEfficiencyGainPerYear: 1 }, hourCost: 2.5 };
      const { servingCost: r } = await gqlOk<{ servingCost: any }>(api, SERVING, { input });
      expect(r).toMatchObject({ gpusPerReplica: 1, batch: 256, binding: 'COMPUTE', hourCost: 2.5, servingGain: 1 });
      const rate = (296e12 * 0.4) / (2 * 8e9);
      expect(rel(r.tokensPerSecond, rate)).toBeLessThan(1e-12);
      expect(rel(r.costPerMTokens, (1e6 / (3600 * rate) / 0.6) * 2.5)).toBeLessThan(1e-12);
    });

    it('agrees with the engine roofline, and a 93.3% KV cut lowers cost by the factor it predicts', async () => {
      const standard = { ...V3, kvBytesPerToken: Math.round(70272 / (1 - 0.933)) };
      const [mla, std] = await Promise.all(
        [V3, standard].map(async (serving) => (await gqlOk<{ servingCost: any }>(api, SERVING, { input: { serving, gpu: H100, technology: TECH } })).servingCost),
      );
      for (const [viaApi, serving] of [[mla, V3], [std, standard]] as const) {
        const engine = roofline({ gpuType: 'H100', ...serving }, H100, { ...TECH, algorithmicEfficiencyGainPerYear: 4 });
        if (!engine.ok) throw new Error(engine.message);
        expect(viaApi.batch).toBe(engine.batch);
        expect(viaApi.rawGpuHoursPerMTokens).toBe(engine.rawGpuHoursPerMTokens);
      }
      expect(rel(std.costPerMTokens / mla.costPerMTokens, std.rawGpuHoursPerMTokens / mla.rawGpuHoursPerMTokens)).toBeLessThan(1e-12);
      expect(std.costPerMTokens / mla.costPerMTokens).toBeGreaterThan(3);
    });

    it("on a stored scenario's model, equals the calculator given the same numbers", async () => {
      const { importScenario } = await gqlOk<{ importScenario: { id: string } }>(api, 'mutation($d: JSONDocument!) { importScenario(document: $d) { id } }', { d: threeLabs() });
      const stored = await gqlOk<{ scenario: any }>(
        api,
        `query($id: ID!) { scenario(id: $id) { current { content { servingCost(model: "open-r1", years: 0.5) { costPerMTokens batch binding gpusPerReplica }
           given: modelsOfLab(lab: "Follower") { name } } } } }`,
        { id: importScenario.id },
      );
      const H800 = { name: 'H800', memoryGB: 80, bandwidthTBs: 3.35, tflops: 1979, tcoPerHour: 1.8 };
      const direct = await gqlOk<{ servingCost: any }>(api, SERVING, { input: { serving: V3, gpu: H800, technology: TECH, years: 0.5 } });
      expect(stored.scenario.current.content.servingCost).toEqual({
        costPerMTokens: direct.servingCost.costPerMTokens, batch: direct.servingCost.batch, binding: direct.servingCost.binding, gpusPerReplica: 16,
      });
      const given = await gql(api, `query($id: ID!) { scenario(id: $id) { current { content { servingCost(model: "follower-flash") { costPerMTokens } } } } }`, { id: importScenario.id });
      expect(given.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'model' });
    });

    it('refuses a model that does not fit, and bad numbers, naming the field', async () => {
      const tooSmall = await gql(api, SERVING, { input: { serving: { ...V3, gpusPerReplica: 4 }, gpu: H100, technology: TECH } });
      expect(tooSmall.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'serving.gpusPerReplica' });
      expect(tooSmall.errors?.[0]?.message).toMatch(/does not fit/);
      const bad = await gql(api, SERVING, { input: { serving: { ...V3, activeParamsB: -1 }, gpu: { ...H100, tflops: 0 }, technology: { ...TECH, mfu: 1.5 } } });
      expect((bad.errors?.[0]?.extensions?.fields as any[]).map((f) => f.path)).toEqual(['serving.activeParamsB', 'gpu.tflops', 'technology.mfu']);
    });
  });

  describe('demandCurve', () => {
    const segment = { threshold: 60, alpha: 2.5, beta: 0.15, elasticity: 1.4, referencePrice: 4, volume: 2e6 };

    it('with one model at the threshold: P = p, Q = A (p/ref)^-eps, spend rising as price falls (eps > 1)', async () => {
      const { demandCurve: c } = await gqlOk<{ demandCurve: any }>(api, CURVE, { input: { segment, priceRange: { min: 0.5, max: 8, points: 5 } } });
      expect(c.jevons).toBe(true);
      expect(c.points).toHaveLength(5);
      c.points.forEach((p: any, i: number) => {
        expect(rel(p.price, 0.5 * Math.pow(16, i / 4))).toBeLessThan(1e-12);
        const q = 2e6 * Math.pow(p.price / 4, -1.4);
        expect(p.share).toBeCloseTo(1, 12);
        expect(rel(p.priceIndex, p.price)).toBeLessThan(1e-9);
        expect(rel(p.volume, q)).toBeLessThan(1e-9);
        expect(rel(p.spend, p.price * q)).toBeLessThan(1e-9);
        expect(p.spendRisesAsPriceFalls).toBe(i === 0 ? null : true);
      });
    });

    it('shows spend falling with price when demand is inelastic (eps < 1)', async () => {
      const { demandCurve: c } = await gqlOk<{ demandCurve: any }>(api, CURVE, { input: { segment: { ...segment, elasticity: 0.5 }, priceRange: { min: 1, max: 10, points: 4, linear: true } } });
      expect(c.jevons).toBe(false);
      expect(c.points.map((p: any) => p.price)).toEqual([1, 4, 7, 10]);
      expect(c.points.map((p: any) => p.spendRisesAsPriceFalls)).toEqual([null, false, false, false]);
    });

    it('agrees with the engine with competitors in the segment', async () => {
      const competitors = [{ price: 2, capability: 64, brand: 0 }, { price: 6, capability: 70, brand: 0.5 }];
      const focal = { capability: 62, brand: 0.3 };
      const input = { segment, competitors, focal, priceRange: { min: 0.2, max: 20, points: 9 } };
      const { demandCurve: c } = await gqlOk<{ demandCurve: any }>(api, CURVE, { input });
      const engine = demandCurve({ ...segment, volumeScale: segment.volume }, competitors, { min: 0.2, max: 20, points: 9, focal });
      expect(c.points.map((p: any) => [p.price, p.share, p.demand, p.volume, p.priceIndex, p.spend, p.revenue])).toEqual(
        engine.map((p) => [p.price, p.share, p.demand, p.segmentVolume, p.priceIndex, p.segmentSpend, p.revenue]),
      );
      // Logit shares of the focal model fall as its price rises.
      for (let i = 1; i < c.points.length; i++) expect(c.points[i].share).toBeLessThan(c.points[i - 1].share);
    });

    it('refuses an ineligible competitor and a bad range, naming the fields', async () => {
      const res = await gql(api, CURVE, { input: { segment: { ...segment, elasticity: -1 }, competitors: [{ price: 1, capability: 50 }], priceRange: { min: 5, max: 1, points: 1000 } } });
      expect((res.errors?.[0]?.extensions?.fields as any[]).map((f) => f.path)).toEqual(['segment.elasticity', 'priceRange.max', 'priceRange.points', 'competitors[0].capability']);
    });
  });

  describe('strategyPrice', () => {
    const price = async (input: Record<string, unknown>) => (await gqlOk<{ strategyPrice: any }>(api, PRICE, { input })).strategyPrice;

    it('COST_PLUS: c (1 + markup)', async () => {
      expect(await price({ pricing: { strategy: 'COST_PLUS', markup: { value: 0.5 } }, cost: 2, capability: 70, tier: 0 })).toEqual({
        price: 3, markupMultiple: 1.5, strategy: 'COST_PLUS', nashConverged: true,
      });
    });

    it('FRONTIER_PREMIUM: alone at the tier, then decaying by half-lives after a follower', async () => {
      const pricing = { strategy: 'FRONTIER_PREMIUM', premiumMultiple: { value: 12 }, halfLifeMonths: { value: 6 }, floorMultiple: { value: 1.5 } };
      const alone = await price({ pricing, cost: 2, capability: 80, tier: 1, leadsTier: true });
      expect(alone.price).toBeCloseTo(24, 12);
      const later = await price({ pricing, cost: 2, capability: 80, tier: 1, leadsTier: true, monthsSinceFirstFollower: 12 });
      expect(later.price).toBeCloseTo(2 * (1 + 11 * 0.25), 12);
      const superseded = await price({ pricing, cost: 2, capability: 80, tier: 1, leadsTier: true, monthsSinceFirstFollower: 12, superseded: true });
      expect(superseded.price).toBeCloseTo(2 * (1 + 11 * 0.125), 12);
    });

    it('PRICE_PERFORMANCE_PARITY: p_L (q / q_L)^gamma (1 - discount), at least c x minMultiple', async () => {
      const pricing = { strategy: 'PRICE_PERFORMANCE_PARITY', discount: { value: 0.4 }, qualityExponent: { value: 2 }, minMultiple: { value: 1.2 } };
      const r = await price({ pricing, cost: 1, capability: 70, tier: 0, leader: { price: 20, capability: 80 } });
      expect(r.price).toBeCloseTo(20 * (70 / 80) ** 2 * 0.6, 12);
      const floored = await price({ pricing, cost: 15, capability: 70, tier: 0, leader: { price: 20, capability: 80 } });
      expect(floored.price).toBeCloseTo(18, 12);
    });

    it('ZERO_MARGIN: c (1 - subsidy) until its date, then its `then` strategy', async () => {
      const pricing = { strategy: 'ZERO_MARGIN', subsidy: { value: 0.2 }, untilDate: '2025-06-30', then: { strategy: 'COST_PLUS', markup: { value: 0.5 } } };
      expect(await price({ pricing, cost: 2, capability: 70, tier: 0, periodStart: '2025-06-01' })).toMatchObject({ price: 1.6, strategy: 'ZERO_MARGIN' });
      expect(await price({ pricing, cost: 2, capability: 70, tier: 0, periodStart: '2025-07-01' })).toMatchObject({ price: 3, strategy: 'COST_PLUS' });
      expect(await price({ pricing, cost: 2, capability: 70, tier: 0, periodStart: '2025-01-01', cashExhausted: true })).toMatchObject({ price: 3, strategy: 'COST_PLUS' });
    });

    it("NASH: the best response to a rival meets p = c eta / (eta - 1) to 1e-6, as the engine's", async () => {
      const segments = [{ threshold: 60, alpha: 3, beta: 0.1, elasticity: 1.5, referencePrice: 4, volume: 1e6 }];
      const input = { pricing: { strategy: 'NASH' }, cost: 1, capability: 70, tier: 0, segments, rivals: [{ price: 2, capability: 75, tier: 0 }] };
      const r = await price(input);
      expect(r.nashConverged).toBe(true);
      const e1 = Math.exp(0.1 * 10 - 3 * Math.log(r.price));
      const e2 = Math.exp(0.1 * 15 - 3 * Math.log(2));
      const s = e1 / (e1 + e2);
      const eta = 3 * (1 - s) + 1.5 * s;
      expect(rel(r.price, eta / (eta - 1))).toBeLessThan(1e-6);
      const engine = strategyPrice({ rule: { strategy: 'NASH' }, cost: 1, capability: 70, tier: 0, segments: [{ ...segments[0]!, volumeScale: 1e6 }], rivals: [{ price: 2, capability: 75, tier: 0 }] });
      expect(r.price).toBe(engine.price);
    });

    it('refuses distributions, out-of-range parameters, NASH without segments and unknown strategies', async () => {
      const dist = await gql(api, PRICE, { input: { pricing: { strategy: 'COST_PLUS', markup: { dist: { kind: 'UNIFORM', min: 0, max: 1 } } }, cost: 1, capability: 70, tier: 0 } });
      expect(dist.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'pricing.markup' });
      const premium = await gql(api, PRICE, { input: { pricing: { strategy: 'FRONTIER_PREMIUM', premiumMultiple: { value: 0.5 }, halfLifeMonths: { value: 6 }, floorMultiple: { value: 1 } }, cost: 1, capability: 70, tier: 0 } });
      expect(premium.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'pricing.premiumMultiple' });
      const nash = await gql(api, PRICE, { input: { pricing: { strategy: 'NASH' }, cost: 1, capability: 70, tier: 0 } });
      expect(nash.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'segments' });
      const unknown = await gql(api, PRICE, { input: { pricing: { strategy: 'GOUGE' }, cost: 1, capability: 70, tier: 0 } });
      expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(unknown.errors?.[0]?.message).toMatch(/input\.pricing\.strategy/);
      const cost = await gql(api, PRICE, { input: { pricing: { strategy: 'COST_PLUS', markup: { value: 1 } }, cost: 0, capability: 70, tier: 0 } });
      expect(cost.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cost' });
    });
  });
});
