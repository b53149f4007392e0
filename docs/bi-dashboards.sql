-- The five dashboard queries of docs/bi.md, run by test/reporting/bi-role.e2e.spec.ts as the BI
-- role. Each starts with `-- name: <id>` and ends with a semicolon. Every query charts the latest
-- successful run of one scenario: replace the scenario name with your BI tool's variable
-- (Metabase {{scenario}}, Superset {{ scenario }}, Grafana '$scenario').

-- name: price-paths-by-tier
-- Cheapest and leader (highest) model price per tier and month, USD per million tokens.
WITH picked AS (SELECT run_id FROM reporting.latest_runs WHERE scenario_name = 'deepseek-debates-2025'),
priced AS (
  SELECT p.period_date, t.tier_name, p.model_name, p.mean AS price
  FROM reporting.model_metrics p
  JOIN picked USING (run_id)
  JOIN reporting.model_metrics k
    ON k.run_id = p.run_id AND k.model_name = p.model_name AND k.period = p.period AND k.metric = 'tier'
  JOIN reporting.tiers t ON t.run_id = p.run_id AND t.tier_index = round(k.p50)::integer
  WHERE p.metric = 'price'
)
SELECT period_date, tier_name, min(price) AS cheapest_price, max(price) AS leader_price
FROM priced
GROUP BY period_date, tier_name
ORDER BY period_date, tier_name;

-- name: market-share-by-lab
-- Share of served tokens per lab and month (its models' shares summed), 0..1.
WITH picked AS (SELECT run_id FROM reporting.latest_runs WHERE scenario_name = 'deepseek-debates-2025')
SELECT m.period_date, m.lab_name, sum(m.mean) AS market_share
FROM reporting.model_metrics m
JOIN picked USING (run_id)
WHERE m.metric = 'marketShare'
GROUP BY m.period_date, m.lab_name
ORDER BY m.period_date, m.lab_name;

-- name: jevons-spend-vs-price-index
-- Jevons: each segment's spend (USD) against its price index (USD per million tokens).
WITH picked AS (SELECT run_id FROM reporting.latest_runs WHERE scenario_name = 'deepseek-debates-2025')
SELECT s.period_date, s.segment_name,
       max(s.mean) FILTER (WHERE s.metric = 'priceIndex') AS price_index,
       max(s.mean) FILTER (WHERE s.metric = 'spend') AS spend,
       max(s.mean) FILTER (WHERE s.metric = 'volume') AS volume
FROM reporting.segment_metrics s
JOIN picked USING (run_id)
WHERE s.metric IN ('priceIndex', 'spend', 'volume')
GROUP BY s.period_date, s.segment_name
ORDER BY s.period_date, s.segment_name;

-- name: gpu-rental-price-vs-demand
-- GPU rental price (USD per GPU-hour, with its 5-95% band) against GPU demand (GPU-hours).
WITH picked AS (SELECT run_id FROM reporting.latest_runs WHERE scenario_name = 'deepseek-debates-2025')
SELECT g.period_date,
       max(g.mean) FILTER (WHERE g.metric = 'gpuRentalPrice') AS rental_price,
       max(g.p05) FILTER (WHERE g.metric = 'gpuRentalPrice') AS rental_price_p05,
       max(g.p95) FILTER (WHERE g.metric = 'gpuRentalPrice') AS rental_price_p95,
       max(g.mean) FILTER (WHERE g.metric = 'gpuDemandHours') AS gpu_demand_hours,
       max(g.mean) FILTER (WHERE g.metric = 'gpuUtilization') AS gpu_utilization
FROM reporting.market_metrics g
JOIN picked USING (run_id)
WHERE g.metric IN ('gpuRentalPrice', 'gpuDemandHours', 'gpuUtilization')
GROUP BY g.period_date
ORDER BY g.period_date;

-- name: lab-profit-and-runway
-- Each lab's operating profit (USD, mean and 5-95% band), cash and runway (periods; 1000 = not burning cash).
WITH picked AS (SELECT run_id FROM reporting.latest_runs WHERE scenario_name = 'deepseek-debates-2025')
SELECT l.period_date, l.lab_name,
       max(l.mean) FILTER (WHERE l.metric = 'operatingProfit') AS operating_profit,
       max(l.p05) FILTER (WHERE l.metric = 'operatingProfit') AS operating_profit_p05,
       max(l.p95) FILTER (WHERE l.metric = 'operatingProfit') AS operating_profit_p95,
       max(l.mean) FILTER (WHERE l.metric = 'cash') AS cash,
       max(l.mean) FILTER (WHERE l.metric = 'runwayPeriods') AS runway_periods
FROM reporting.lab_metrics l
JOIN picked USING (run_id)
WHERE l.metric IN ('operatingProfit', 'cash', 'runwayPeriods')
GROUP BY l.period_date, l.lab_name
ORDER BY l.period_date, l.lab_name;
