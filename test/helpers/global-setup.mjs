// jest loads globalSetup outside its transform pipeline (no moduleNameMapper, no ESM .ts), so this
// thin plain-JS shim loads the TypeScript implementation through tsx.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { prepareTestTemplate } = await tsImport('./test-template.ts', import.meta.url);
  await prepareTestTemplate();
}
