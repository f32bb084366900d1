import { createHash } from 'node:crypto';
import { useNativeSha256 } from '../../domain/signoff/sha256';

/** Characters hashed at a time: a record's stored copy (~75M characters for a 100k-row report) is not made into one UTF-8 buffer. */
const SLICE = 1 << 20;

/**
 * The domain's sign-off hashes (stored copies, record seals, canonical text) through Node's
 * crypto in the CLI: the same digests, computed natively (domain/signoff/sha256.ts). Imported for
 * this effect by the modules that sign and verify.
 */
useNativeSha256((text) => {
  const hash = createHash('sha256');
  for (let i = 0; i < text.length; ) {
    let end = Math.min(i + SLICE, text.length);
    // never between the two halves of a surrogate pair: each would be encoded as U+FFFD
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    hash.update(i === 0 && end === text.length ? text : text.slice(i, end), 'utf8');
    i = end;
  }
  return hash.digest('hex');
});
