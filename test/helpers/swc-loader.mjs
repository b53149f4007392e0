// Node ESM loader hooks that run the TypeScript sources directly, compiled by @swc/core with the
// same options as jest.config.js (decorator metadata included, which tsx/esbuild cannot emit and
// Nest's dependency injection needs). Used by the tests to spawn real API/worker processes
// without a build: node --import ./test/helpers/swc-register.mjs src/worker.ts
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from '@swc/core';

const isRelative = (s) => s.startsWith('./') || s.startsWith('../') || s.startsWith('/') || s.startsWith('file:');

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (err) {
    // Sources import './x.js' (nodenext style) while the file on disk is './x.ts'.
    if (err?.code === 'ERR_MODULE_NOT_FOUND' && isRelative(specifier) && specifier.endsWith('.js')) {
      return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
    }
    throw err;
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const filename = fileURLToPath(url);
  const { code } = await transform(await readFile(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'es6' },
  });
  return { format: 'module', source: code, shortCircuit: true };
}
