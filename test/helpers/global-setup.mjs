// jest loads globalSetup outside its transform pipeline (no moduleNameMapper, no ESM .ts), so this
// thin plain-JS shim loads the TypeScript implementation through tsx.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { globalPrepare } = await tsImport('./global-prepare.ts', import.meta.url);
  await globalPrepare();
}
