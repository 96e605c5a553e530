/**
 * MuPDF's WASM module prints some decoder messages (libjpeg's "Corrupt JPEG data: ...") straight
 * to the console. It reads its print hooks from this global when it starts, so this module must
 * be evaluated before `mupdf` is: `mupdf-engine.ts` imports it first, and nothing else should
 * import `mupdf` directly.
 */
export const printed: string[] = [];

const hooks = { print: (line: string) => printed.push(line), printErr: (line: string) => printed.push(line) };
(globalThis as { $libmupdf_wasm_Module?: unknown }).$libmupdf_wasm_Module ??= hooks;
