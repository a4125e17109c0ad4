import { z } from 'zod';

// The page's CSP has no 'unsafe-eval': zod's compiled parsers (new Function) are off, and so is its probe
// for them, which a strict CSP reports as a violation even though zod catches the refusal.
z.config({ jitless: true });
