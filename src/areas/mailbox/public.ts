/**
 * What other areas may use of the mailbox area: they import from this file, never from its other files
 * (eslint.config.js holds every area to it), so the rest of the folder can change without them.
 */
export { Mailbox, MailMessage } from './mailbox.ts';
