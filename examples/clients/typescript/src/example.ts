// Calls Adjoint through a client generated from docs/openapi.json: the lecture note's Example 1 (an
// expression), Example 2 (the network as a tensor program, docs/API.md section 5) and a check of a
// student's answer. Every request and answer is typed from the document's paths (paths["/api/v1/..."]),
// so a renamed schema does not break this file, but a changed field does, at compile time.
//
//   npm ci && npm run generate && npm run build && node dist/example.js http://localhost:8080
//
// Set ADJOINT_API_KEY when the server is configured with API keys; it is sent as X-API-Key.
// Prints one JSON line per call and exits with status 1 when an answer differs from the known one.
import createClient from "openapi-fetch";
import type { paths } from "./generated/api.js";

type Body<P extends keyof paths> = paths[P] extends { post: { requestBody?: { content: { "application/json": infer B } } } }
  ? B
  : never;

const baseUrl = process.argv[2] ?? process.env.ADJOINT_URL ?? "http://localhost:8080";
const apiKey = process.env.ADJOINT_API_KEY;
const client = createClient<paths>({ baseUrl, headers: apiKey ? { "X-API-Key": apiKey } : {} });

let failures = 0;

/** A number of an answer: JSON numbers, and "NaN" / "Infinity" / "-Infinity" as the service writes them. */
function num(value: unknown): number {
  if (typeof value === "number") return value;
  if (value === "NaN" || value === "Infinity" || value === "-Infinity") return Number(value);
  throw new Error(`not a number: ${JSON.stringify(value)}`);
}

/** Compares with the conformance suite's rule, |got - want| <= 1e-12 + 1e-9 |want|, element by element. */
function expectClose(what: string, got: unknown, want: number | number[] | number[][]): void {
  if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) {
      fail(`${what}: expected ${want.length} elements, got ${JSON.stringify(got)}`);
      return;
    }
    want.forEach((w, i) => expectClose(`${what}[${i}]`, got[i], w));
    return;
  }
  const g = num(got);
  if (!(Math.abs(g - want) <= 1e-12 + 1e-9 * Math.abs(want))) fail(`${what}: expected ${want}, got ${g}`);
}

function expectEqual(what: string, got: unknown, want: unknown): void {
  if (got !== want) fail(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
}

function fail(message: string): void {
  console.error(`MISMATCH ${message}`);
  failures++;
}

/** The problem+json of a failed call (openapi-fetch returns it as error), or the answer. */
function answer<T>(what: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw new Error(`${what}: HTTP ${result.response.status} ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

// Example 1: the note's expression at x = 2, z = 3 (conformance case seed-ex1).
const example1: Body<"/api/v1/expressions/gradient"> = {
  expression: "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)",
  bindings: { x: 2, z: 3 },
};
const one = answer("example 1", await client.POST("/api/v1/expressions/gradient", { body: example1 }));
console.log(JSON.stringify({ call: "example1", value: one.value, gradient: one.gradient }));
expectClose("example 1 value", one.value, 412.19145728412116);
expectClose("example 1 gradient.x", one.gradient?.["x"], 1208.3812151266095);
expectClose("example 1 gradient.z", one.gradient?.["z"], 809.707479218564);

// Example 2: the note's three-layer network as a tensor program (conformance case seed-ex2-program).
const example2: Body<"/api/v1/expressions/gradient"> = {
  program: [
    "u1 = alpha1' @ x",
    "z1 = sigmoid(u1)",
    "u2 = alpha2' @ z1",
    "z2 = sigmoid(u2)",
    "u3 = alpha3' @ z2",
    "yhat = sigmoid(u3)",
    "J = -(y * log(yhat) + (1 - y) * log(1 - yhat))",
  ].join("\n"),
  bindings: {
    x: [-1.005152, 0.569301, 0.405],
    alpha1: [[-0.062699, -0.851957, 0.8779, 0.923563], [0.037369, 0.015252, -0.791831, -1.490458], [-0.38686, 0.256087, -1.292206, 0.881253]],
    alpha2: [[-0.803242, -0.801915, -1.372994], [1.492684, 0.716063, 1.125119], [0.34767, -1.39779, -0.513212], [-0.007343, -1.152571, 1.355892]],
    alpha3: [[-0.39466], [-1.035561], [0.952528]],
    y: 1.0,
  },
};
const two = answer("example 2", await client.POST("/api/v1/expressions/gradient", { body: example2 }));
console.log(JSON.stringify({ call: "example2", value: two.value, gradient: two.gradient }));
expectClose("example 2 value", two.value, 0.7733229935505472);
expectClose("example 2 gradient.alpha3", two.gradient?.["alpha3"], [[-0.36463090089774924], [-0.23172706464708293], [-0.3157134988941072]]);
expectClose("example 2 gradient.x", two.gradient?.["x"], [-0.06369182221748486, 0.08690188048926557, -0.029265445886606158]);

// A check: a student's g_e and g_c are right, g_b has the wrong sign (the true one is -12.360007402472986).
const check: Body<"/api/v1/expressions/check"> = {
  program: "a = x*z\nb = log(x)\nc = sin(b)\nd = exp(a)\ne = a/b\nf = c/a\ny = d + e + f",
  bindings: { x: 2, z: 3 },
  submission: { nodes: { e: { gradient: 1 }, c: { gradient: 0.1666667 }, b: { gradient: 12.6164 } } },
  tolerance: { relative: 1e-6 },
};
const graded = answer("check", await client.POST("/api/v1/expressions/check", { body: check }));
// The answer's shape depends on the request's format; without one it is Adjoint's own (with correct, score).
if (!("correct" in graded)) throw new Error(`check: not Adjoint's result format: ${JSON.stringify(graded)}`);
const firstWrong = graded.firstWrongGradient;
console.log(JSON.stringify({ call: "check", correct: graded.correct, score: graded.score, firstWrongGradient: firstWrong }));
expectEqual("check correct", graded.correct, false);
expectClose("check score", graded.score, 2 / 3);
expectEqual("check firstWrongGradient.node", firstWrong?.node, "b");
expectClose("check firstWrongGradient.expected", firstWrong?.expected, -12.360007402472986);

if (failures > 0) {
  console.error(`${failures} mismatch(es)`);
  process.exitCode = 1;
} else {
  console.log("OK: example 1, example 2 and the check agree with the known answers");
}
