// Used by scripts/demo.sh once the API and worker run: waits for /health, then sends a ping
// through the queue and waits for the worker's answer. Plain Node (fetch), no dependencies.
import { graphqlAt } from './demo-graphql.mjs';
const base = process.argv[2];
const deadline = (ms) => Date.now() + ms;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const graphql = graphqlAt(base);

let healthy = false;
for (const until = deadline(60_000); !healthy && Date.now() < until; ) {
  try {
    healthy = (await fetch(`${base}/health`)).status === 200;
  } catch {
    // not listening yet
  }
  if (!healthy) await sleep(250);
}
if (!healthy) {
  console.error(`demo: ${base}/health did not turn healthy within 60 s`);
  process.exit(1);
}

const { pingQueue } = await graphql('mutation($m: String!) { pingQueue(message: $m) { id } }', { m: 'hello from the demo' });
for (const until = deadline(30_000); Date.now() < until; await sleep(200)) {
  const { pingJob } = await graphql('query($id: ID!) { pingJob(id: $id) { state reply workerPid } }', { id: pingQueue.id });
  if (pingJob?.state === 'COMPLETED') {
    console.log(`demo: queue round trip OK: job ${pingQueue.id} answered "${pingJob.reply}" by worker pid ${pingJob.workerPid}`);
    process.exit(0);
  }
}
console.error(`demo: ping job ${pingQueue.id} was not answered within 30 s (is the worker running? see its log)`);
process.exit(1);
