// The demo scripts' GraphQL client: POSTs to <base>/graphql with the API key from DEMO_API_KEY or
// ADMIN_API_KEY, and throws the errors' messages. Plain Node (fetch), no dependencies.
const key = process.env.DEMO_API_KEY ?? process.env.ADMIN_API_KEY;

export function graphqlAt(base) {
  return async function graphql(query, variables) {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json();
    if (body.errors) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data;
  };
}
