/**
 * Entry of the residents' bundle (scripts/build-client.ts): the intake form, tracking, co-signing
 * and studio pages. No Socket.IO, no Yjs, no staff shell; budget 35 KB gzipped.
 */
import './messages.js';
import '../components/resident-app.js';
