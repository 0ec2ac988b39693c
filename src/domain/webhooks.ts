/** The webhook receivers the API makes, and the shortest signing secret it takes (the API and the web's settings form). */
export const WEBHOOK_ADAPTER_NAMES = ['generic', 'channeltalk', 'zendesk'] as const;
export const MIN_WEBHOOK_SECRET = 16;
