export const name = '014-ui-language';

/** The language of the pages a person reads (the web app), apart from the language they post in. */
export const sql = `
ALTER TABLE user_settings ADD COLUMN ui_language TEXT;
`;
