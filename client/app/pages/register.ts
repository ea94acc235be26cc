/**
 * What the router loads for the register and the bodies: the messages first, then the pages.
 */
import './register-messages.js';
import '../../pages/register-pages.js';
