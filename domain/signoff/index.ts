/** Manager sign-off, pure: canonical form, SHA-256, records, verify. See docs/signoff-canonical-form.md. */
export * from './sha256';
export * from './canonical';
export * from './filtered';
export * from './scope';
export * from './record';
export * from './recordSeal';
export * from './recordTable';
export * from './signatureBlock';
