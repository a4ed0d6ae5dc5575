// Package browsertest drives the whole application in headless Chromium:
// it signs in as every role, opens every page the role may open, runs axe
// (WCAG 2.1 A and AA) on each page, fails on console errors, CSP violations,
// failed static files, inline scripts and style attributes, and saves a
// screenshot of each page to screenshots/ (git-ignored).
//
// The test lives in browser_test.go; this file only documents the package.
// Run it with:
//
//	go test -race -count=1 ./internal/browsertest/ -v
//
// It needs Chromium at /usr/bin/chromium and PostgreSQL (see pgtest). Without
// Chromium the test is skipped, except when CI=true, where it fails.
package browsertest
