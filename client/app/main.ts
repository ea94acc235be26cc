/** Entry of the staff app bundle (scripts/build-client.ts): defines <yishi-app> and everything it renders. */
import './messages.js';
import '../components/app.js';
