/**
 * 签核 Sign-off: the panel lives with the rest of the sign-off work in addin/signoff/ (issue 8);
 * this file keeps the lazy-loaded default export App.tsx expects.
 */
export { default } from '../../signoff/SignoffPanel';
