import { mkdir, readdir, copyFile, writeFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { transformFile } from '@swc/core';

/** The same swc options as jest.config.js: decorator metadata included, which Nest's DI needs. */
const SWC_OPTIONS = {
  sourceMaps: 'inline' as const,
  jsc: {
    parser: { syntax: 'typescript' as const, decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023' as const,
    // Keep `with { type: 'json' }` (src/engine/presets): Node's ESM loader requires it.
    experimental: { keepImportAttributes: true },
  },
  module: { type: 'es6' as const },
};

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

/**
 * Compiles src/ with swc into `outDir` (about a second, no type check: tsc does that) so tests can
 * spawn real API/worker processes with plain `node <outDir>/main.js`. tsx/esbuild cannot be used:
 * it does not emit decorator metadata. `outDir` must sit inside the project (node_modules/.cache)
 * so the compiled files resolve packages from the project's node_modules.
 */
export async function buildSources(root: string, outDir: string): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  const srcDir = join(root, 'src');
  const jobs: Promise<void>[] = [];
  for await (const file of walk(srcDir)) {
    if (file.endsWith('.spec.ts')) continue;
    const target = join(outDir, relative(srcDir, file));
    jobs.push(
      (async () => {
        await mkdir(dirname(target), { recursive: true });
        if (!file.endsWith('.ts')) return copyFile(file, target);
        // A file that does not compile (someone mid-edit) fails only the processes that import it.
        const code = await transformFile(file, { ...SWC_OPTIONS, filename: file }).then(
          (out) => out.code,
          (err: Error) => `throw new Error(${JSON.stringify(`swc could not compile ${file}: ${err.message}`)});\n`,
        );
        await writeFile(target.replace(/\.ts$/, '.js'), code);
      })(),
    );
  }
  await Promise.all(jobs);
}
