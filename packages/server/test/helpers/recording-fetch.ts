export interface Exchange {
  method: string;
  url: URL;
  requestBody: unknown;
  status: number;
  responseText: string;
}

/** A fetch that records every request and response it carries (for contract and leak checks). */
export function recordingFetch(exchanges: Exchange[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const text = await response.text();
    exchanges.push({
      method: init?.method ?? 'GET',
      url: new URL(String(input)),
      requestBody: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      status: response.status,
      responseText: text,
    });
    return new Response(text, { status: response.status, headers: response.headers });
  };
}
