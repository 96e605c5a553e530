import { z } from 'zod';

// zod compiles a parser for each object schema with new Function when the schema is made; for
// files of a few kilobytes that compiling costs more than it saves (validate of 2,000 files ran
// 3 % faster without it), and zod then makes no code from strings. Every module of ours
// that makes schemas takes z from here, so the setting is in place before the first one is made.
z.config({ jitless: true });

export { z };
