import { createHash } from 'node:crypto';
import { useNativeSha256 } from '../../domain/signoff/sha256';

/**
 * The domain's sign-off hashes (stored copies, record seals, canonical text) through Node's
 * crypto in the CLI: the same digests, computed natively (domain/signoff/sha256.ts). Imported for
 * this effect by the modules that sign and verify.
 */
useNativeSha256((text) => createHash('sha256').update(text, 'utf8').digest('hex'));
