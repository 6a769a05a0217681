// Options page: settings and the incident history arrive here (see the README's roadmap).
import { localize } from '../lib/i18n.js';

localize(document);
