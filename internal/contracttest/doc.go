// Package contracttest checks HTTP exchanges against the official API
// definitions in the shared specs folder (<module root>/../shared/specs), for
// the contract tests of siopi's API clients and fakes (App IO, GPD, FdR).
//
// # Loading
//
// [Load] reads an OpenAPI 3 document and [LoadSwagger2] a Swagger 2.0 one
// (converted to OpenAPI 3); both skip the test when the specs folder or the
// file is absent. [Read], [ReadSwagger2] and [New] split the same steps for a
// document that needs patching or a custom loader.
//
// # Validating
//
// [Spec.ValidateRequest] and [Spec.ValidateResponse] report, with t.Errorf,
// every way a request or a response breaks its operation. [Transport] wraps
// a RoundTripper with both and counts the operations it validated.
package contracttest
