/**
 * Version of the engine's model, recorded with every run's results (CLI JSON meta, runs in the
 * database) so results can be traced to the code that produced them. Bump it when a change to
 * src/engine/** can change any output number.
 */
export const ENGINE_VERSION = '0.2.1';
