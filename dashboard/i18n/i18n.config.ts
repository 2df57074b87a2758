import { i18nOptions } from "./options";

export default defineI18nConfig(() => i18nOptions);
