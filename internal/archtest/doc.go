// Package archtest holds the test that enforces DESIGN.md's dependency rules:
// which siopi packages may import which, and that the SDK's domain packages pull
// in no database driver, web framework, metrics or tracing library.
package archtest
